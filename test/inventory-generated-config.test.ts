import { spawnSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { parse, stringify } from 'yaml';
import { startHostwatchExporter } from './helpers/exporters.js';
import { makeTempDir, waitFor } from './helpers/processes.js';
import { startPrometheus, type PrometheusSeries } from './helpers/prometheus.js';

// `npm run inventory` (deploy/dist/inventory/main.js, as npm runs it) against the real tools: what it
// writes passes promtool and amtool, routes as the inventory says, carries per-host thresholds into
// promtool unit tests, and drives a real Prometheus scraping a real exporter.

const root = fileURLToPath(new URL('..', import.meta.url));
const inventoryMain = path.join(root, 'deploy/dist/inventory/main.js');
const prometheusDir = path.join(root, 'prometheus');

function run(command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: root });
  return { status: result.status, stdout: result.stdout, stderr: `${result.stderr}${result.error ? String(result.error) : ''}` };
}

const generate = (...args: string[]) => run('node', [inventoryMain, ...args]);

/** A Prometheus configuration directory: the shipped prometheus.yml and rules, then the generator's output. */
async function configDirectory(t: Test, inventory: string): Promise<string> {
  const temp = await makeTempDir('inventory-out');
  t.teardown(temp.remove);
  const result = generate('--inventory', inventory, '--out', temp.path);
  t.equal(result.status, 0, 'the generator succeeds', { stderr: result.stderr });
  t.same(
    result.stdout.trim().split('\n'),
    ['targets/hosts.yml', 'rules/thresholds.yml', 'alertmanager.yml'].map((file) => `wrote ${path.join(temp.path, file)}`),
  );
  await copyFile(path.join(prometheusDir, 'prometheus.yml'), path.join(temp.path, 'prometheus.yml'));
  for (const file of ['node-recording.yml', 'host-alerts.yml']) {
    await copyFile(path.join(prometheusDir, 'rules', file), path.join(temp.path, 'rules', file));
  }
  return temp.path;
}

t.test('deploy/inventory.yml: promtool and amtool accept the generated files', async (t) => {
  const dir = await configDirectory(t, 'deploy/inventory.yml');

  const config = run('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')]);
  t.equal(config.status, 0, 'promtool check config', { output: config.stdout + config.stderr });
  // promtool also reads the file_sd targets: a missing or malformed targets file would warn or fail.
  t.notMatch(config.stdout + config.stderr, /WARNING|FAILED/);
  t.match(config.stdout, /SUCCESS: 3 rule files found/);

  const rules = run('promtool', ['check', 'rules', path.join(dir, 'rules', 'thresholds.yml')]);
  t.equal(rules.status, 0, 'promtool check rules', { output: rules.stdout + rules.stderr });
  t.match(rules.stdout, /SUCCESS: 6 rules found/, '3 defaults and 3 overrides');

  const am = run('amtool', ['check-config', path.join(dir, 'alertmanager.yml')]);
  t.equal(am.status, 0, 'amtool check-config', { output: am.stdout + am.stderr });
  t.match(am.stdout, /3 receivers/);

  t.same(parse(await readFile(path.join(dir, 'targets', 'hosts.yml'), 'utf8')), [
    { targets: ['web1.example.net:9110'], labels: { role: 'web', env: 'production', telegram_chat: '-1001234567890' } },
    { targets: ['web2.example.net:9110'], labels: { role: 'web', env: 'production' } },
    { targets: ['db1.example.net:9110'], labels: { role: 'database', env: 'production', telegram_chat: '-1001234567890:42' } },
  ]);
});

t.test('amtool routes each host to the bridge, and mailed hosts to their recipients as well', async (t) => {
  const dir = await configDirectory(t, 'deploy/inventory.yml');
  const receivers = (...labels: string[]): string => {
    const result = run('amtool', ['config', 'routes', 'test', `--config.file=${path.join(dir, 'alertmanager.yml')}`, ...labels]);
    t.equal(result.status, 0, labels.join(' '), { output: result.stdout + result.stderr });
    return result.stdout.trim();
  };
  t.equal(receivers('alertname=HostHighMemoryUsage', 'instance=web1.example.net:9110'), 'email:alice@example.net,hostwatch-bridge');
  t.equal(receivers('alertname=HostExporterDown', 'instance=db1.example.net:9110'), 'email:alice@example.net;dba@example.net,hostwatch-bridge');
  t.equal(receivers('alertname=HostHighMemoryUsage', 'instance=web2.example.net:9110'), 'hostwatch-bridge');
  t.equal(receivers('alertname=HostHighMemoryUsage', 'instance=web1.example.net:9111'), 'hostwatch-bridge', 'matched exactly, not as a prefix');
});

t.test('generated per-host thresholds pass the promtool unit test, and match its fixture', async (t) => {
  const dir = await configDirectory(t, 'prometheus/tests/per-host/inventory.yml');
  const generated = await readFile(path.join(dir, 'rules', 'thresholds.yml'), 'utf8');
  t.equal(generated, await readFile(path.join(prometheusDir, 'tests', 'per-host', 'thresholds.yml'), 'utf8'), 'the fixture is up to date');

  // The unit test as shipped, but reading the rules just generated.
  const unitTest = parse(await readFile(path.join(prometheusDir, 'tests', 'per-host-thresholds.test.yml'), 'utf8')) as { rule_files: string[] };
  t.same(unitTest.rule_files, ['../rules/node-recording.yml', 'per-host/thresholds.yml', '../rules/host-alerts.yml']);
  unitTest.rule_files = ['node-recording.yml', 'thresholds.yml', 'host-alerts.yml'].map((file) => path.join(dir, 'rules', file));
  await writeFile(path.join(dir, 'per-host.test.yml'), stringify(unitTest));
  const result = run('promtool', ['test', 'rules', path.join(dir, 'per-host.test.yml')]);
  t.equal(result.status, 0, 'promtool test rules', { output: result.stdout + result.stderr });
  t.match(result.stdout, /SUCCESS/);

  // Without owned:9110's override its 55 % memory stays quiet: the override is what makes it fire.
  const withoutOverride = generated.replace(/ {6}- record: hostwatch:threshold:memory_percent\n {8}expr: vector\(50\)\n {8}labels:\n {10}instance: "owned:9110"\n/, '');
  t.not(withoutOverride, generated);
  await writeFile(path.join(dir, 'rules', 'thresholds.yml'), withoutOverride);
  const failing = run('promtool', ['test', 'rules', path.join(dir, 'per-host.test.yml')]);
  t.equal(failing.status, 1, 'fails without the override', { output: failing.stdout + failing.stderr });
  t.match(failing.stdout + failing.stderr, /alertname: HostHighMemoryUsage, time: 15m/);
});

t.test('an invalid inventory: exit code 2 and every problem, naming the host and key', async (t) => {
  const temp = await makeTempDir('inventory-invalid');
  t.teardown(temp.remove);
  const file = path.join(temp.path, 'inventory.yml');
  await writeFile(
    file,
    `hosts:
  - address: web1:9110
    telegram_chat: "@ops"
    email: alice@example
  - address: web1:9110
`,
  );
  const result = generate('--inventory', file, '--out', path.join(temp.path, 'out'));
  t.equal(result.status, 2);
  t.equal(
    result.stderr,
    [
      'hostwatch-inventory: invalid inventory',
      `  ${file}: hosts[0] (web1:9110).telegram_chat: "@ops" is not a numeric chat id (-1001234567890) or chatid:threadid (-1001234567890:42)`,
      `  ${file}: hosts[0] (web1:9110).email: "alice@example" is not an e-mail address (alice@example.net)`,
      `  ${file}: hosts[1] (web1:9110).address: duplicate of hosts[0]`,
      `  ${file}: smtp: missing: hosts[0] (web1:9110) has email, and Alertmanager needs smtp.smarthost and smtp.from to send it`,
      '',
    ].join('\n'),
  );
  t.equal(result.stdout, '', 'nothing written');

  await writeFile(file, 'hosts:\n  - address: web1:9110\n    thresholds: {memory: 150}\n');
  const schema = generate('--inventory', file, '--check');
  t.equal(schema.status, 2);
  t.match(schema.stderr, /hosts\[0\] \(web1:9110\)\.thresholds\.memory: must be at most 100/);

  const usage = generate('--inventory', 'deploy/inventory.yml', '--out', 'prometheus');
  t.equal(usage.status, 2);
  t.match(usage.stderr, /would overwrite the Alertmanager template/);

  const missing = generate('--inventory', path.join(temp.path, 'nope.yml'), '--check');
  t.equal(missing.status, 1);
  t.match(missing.stderr, /ENOENT.*nope\.yml/);

  const valid = generate('--inventory', 'deploy/inventory.yml', '--check');
  t.equal(valid.status, 0);
  t.equal(valid.stdout, 'deploy/inventory.yml: valid, 3 hosts\n');
});

t.test('--help documents the flags and outputs', async (t) => {
  const result = generate('--help');
  t.equal(result.status, 0);
  for (const text of ['--inventory FILE', '--out DIR', '--alertmanager-template FILE', '--check', 'targets/hosts.yml', 'rules/thresholds.yml', 'alertmanager.yml']) {
    t.ok(result.stdout.includes(text), text);
  }
});

t.test('a real Prometheus scraping a real exporter applies the inventory', async (t) => {
  const exporter = await startHostwatchExporter();
  t.teardown(() => exporter.process.stop());
  const instance = `127.0.0.1:${exporter.port}`;
  const temp = await makeTempDir('inventory-e2e');
  t.teardown(temp.remove);
  // A memory threshold of 1 %, which any running host passes; CPU stays at the default.
  await writeFile(
    path.join(temp.path, 'inventory.yml'),
    stringify({ hosts: [{ address: instance, labels: { role: 'test' }, thresholds: { memory: 1 }, telegram_chat: '-100123:7' }] }),
  );
  const out = path.join(temp.path, 'out');
  const result = generate('--inventory', path.join(temp.path, 'inventory.yml'), '--out', out);
  t.equal(result.status, 0, 'generated', { stderr: result.stderr });

  // prometheus.yml as shipped, with absolute paths, fast intervals, and only the exporters' job
  // (nothing else of this machine's is scraped or alerted).
  const config = parse(await readFile(path.join(prometheusDir, 'prometheus.yml'), 'utf8')) as {
    global: Record<string, string>;
    rule_files: string[];
    alerting?: unknown;
    scrape_configs: { job_name: string; file_sd_configs?: { files: string[]; refresh_interval?: string }[] }[];
  };
  config.global = { scrape_interval: '1s', evaluation_interval: '1s' };
  config.rule_files = [path.join(prometheusDir, 'rules', 'node-recording.yml'), path.join(prometheusDir, 'rules', 'host-alerts.yml'), path.join(out, 'rules', 'thresholds.yml')];
  delete config.alerting;
  config.scrape_configs = config.scrape_configs.filter((job) => job.job_name === 'node');
  t.equal(config.scrape_configs.length, 1);
  const fileSd = config.scrape_configs[0]?.file_sd_configs?.[0];
  t.same(fileSd?.files, ['targets/*.yml']);
  if (fileSd) fileSd.files = [path.join(out, 'targets', '*.yml')];

  const prometheus = await startPrometheus(stringify(config));
  t.teardown(() => prometheus.stop());
  await prometheus.waitForTargetsUp(1);

  const series = async (expr: string): Promise<PrometheusSeries[]> => {
    const { result } = await prometheus.query(expr);
    return result as PrometheusSeries[];
  };
  const up = await series('up{job="node"}');
  t.match(up, [{ metric: { instance, job: 'node', role: 'test', telegram_chat: '-100123:7' }, value: [Number, '1'] }], 'file_sd labels on the target');

  const thresholds = await waitFor('the effective thresholds', async () => {
    const memory = await series(`instance:hostwatch_memory_threshold:ratio{instance="${instance}"}`);
    const cpu = await series(`instance:hostwatch_cpu_threshold:ratio{instance="${instance}"}`);
    return memory.length === 1 && cpu.length === 1 ? { memory: memory[0]?.value?.[1], cpu: cpu[0]?.value?.[1] } : undefined;
  });
  t.same(thresholds, { memory: '0.01', cpu: '0.75' }, 'the override for memory, the default for CPU');

  const pending = await waitFor('HostHighMemoryUsage pending', async () => {
    const alerts = await series(`ALERTS{alertname="HostHighMemoryUsage",instance="${instance}"}`);
    return alerts.length > 0 ? alerts : undefined;
  });
  t.match(pending, [{ metric: { alertstate: 'pending', severity: 'warning', job: 'node', role: 'test', telegram_chat: '-100123:7' } }], 'the alert carries telegram_chat');
  const utilisation = await series(`instance:node_cpu_utilisation:rate5m{instance="${instance}"}`);
  t.equal(utilisation.length, 1, 'CPU utilisation recorded from the real exporter');
});
