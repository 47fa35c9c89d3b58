import { spawnSync } from 'node:child_process';
import t from 'tap';
import { exporterMain, startHostwatchExporter } from './helpers/exporters.js';

t.test('--version and --help print and exit 0', async (t) => {
  const version = spawnSync('node', [exporterMain, '--version'], { encoding: 'utf8' });
  t.equal(version.status, 0);
  t.match(version.stdout, /^hostwatch-exporter, version \d+\.\d+\.\d+/);
  const help = spawnSync('node', [exporterMain, '--help'], { encoding: 'utf8' });
  t.equal(help.status, 0);
  for (const flag of ['--web.listen-address', '--web.config.file', '--web.telemetry-path', '--collector.disable-defaults', '--collector.cpu']) {
    t.match(help.stdout, flag);
  }
});

t.test('a bad flag stops start-up with a message naming it', async (t) => {
  const result = spawnSync('node', [exporterMain, '--collector.filesystem.mount-points-exclude=(', '--web.listen-address=127.0.0.1:0'], {
    encoding: 'utf8',
  });
  t.equal(result.status, 1);
  t.match(result.stderr, /configuration error: --collector.filesystem.mount-points-exclude: not a valid regular expression/);
});

t.test('serves /metrics and shuts down cleanly on SIGTERM', async (t) => {
  const exporter = await startHostwatchExporter(['--log.level=info']);
  t.teardown(() => exporter.process.stop());
  const body = await (await fetch(`${exporter.url}/metrics`)).text();
  t.match(body, /^node_memory_MemTotal_bytes \d+/m);
  t.match(body, /^node_filesystem_size_bytes\{device="[^"]+",fstype="[^"]+",mountpoint="\/"\} \d+/m);
  t.equal(await exporter.process.stop(), 0, 'exit code 0 after SIGTERM');
  t.match(exporter.process.output(), /"msg":"shutting down"/);
});
