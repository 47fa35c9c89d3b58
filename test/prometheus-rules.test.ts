import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { freePort } from './helpers/ports.js';
import { makeTempDir, startProcess, waitFor, waitForHttp } from './helpers/processes.js';

// The shipped prometheus/ files against Debian's promtool 2.42, amtool and Alertmanager 0.25: their
// checks, the promtool unit tests under prometheus/tests/, and the inhibit rules on a real Alertmanager.

const prometheusDir = fileURLToPath(new URL('../prometheus/', import.meta.url));
const inDir = (...parts: string[]): string => path.join(prometheusDir, ...parts);

function run(command: string, args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}` };
}

interface AlertingRule {
  alert?: string;
  record?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

async function rulesOf(file: string): Promise<AlertingRule[]> {
  const document = parse(await readFile(inDir('rules', file), 'utf8')) as { groups: { rules: AlertingRule[] }[] };
  return document.groups.flatMap((group) => group.rules);
}

t.test('promtool check config accepts prometheus.yml and the rule files it names', async (t) => {
  const result = run('promtool', ['check', 'config', inDir('prometheus.yml')]);
  t.equal(result.status, 0, 'exit code 0', { output: result.output });
  t.match(result.output, /SUCCESS: 3 rule files found/);
});

t.test('the commented TLS and basic auth job is valid once uncommented', async (t) => {
  const text = await readFile(inDir('prometheus.yml'), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === '  # - job_name: node');
  t.ok(start > 0, 'the example is there');
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('  # ')) break;
    block.push(`  ${line.slice(4)}`);
  }
  const config = parse(text) as { scrape_configs: unknown[] };
  config.scrape_configs = [(parse(block.join('\n')) as unknown[])[0]];
  t.match(config.scrape_configs[0], { job_name: 'node', scheme: 'https', basic_auth: { username: 'prometheus' } });
  const temp = await makeTempDir('prometheus-tls-example');
  t.teardown(temp.remove);
  // Absolute rule paths, since the copy is elsewhere; the CA and password files need not exist.
  (config as unknown as { rule_files: string[] }).rule_files = [inDir('rules', '*.yml')];
  await writeFile(path.join(temp.path, 'prometheus.yml'), stringify(config));
  const result = run('promtool', ['check', 'config', path.join(temp.path, 'prometheus.yml')]);
  t.equal(result.status, 0, 'exit code 0', { output: result.output });
});

t.test('promtool check rules accepts every rule file', async (t) => {
  const files = (await readdir(inDir('rules'))).filter((file) => file.endsWith('.yml'));
  t.same(files.sort(), ['host-alerts.yml', 'node-recording.yml', 'thresholds.yml']);
  const result = run('promtool', ['check', 'rules', ...files.map((file) => inDir('rules', file))]);
  t.equal(result.status, 0, 'exit code 0', { output: result.output });
  t.notMatch(result.output, /WARNING|FAILED/);
});

t.test('amtool check-config accepts alertmanager.yml', async (t) => {
  const result = run('amtool', ['check-config', inDir('alertmanager.yml')]);
  t.equal(result.status, 0, 'exit code 0', { output: result.output });
  t.match(result.output, /2 inhibit rules/);
});

t.test('every alert has a severity, the four annotations, and a runbook section that exists', async (t) => {
  const alerts = (await rulesOf('host-alerts.yml')).filter((rule) => rule.alert !== undefined);
  t.same(
    alerts.map((rule) => rule.alert),
    ['HostHighCpuUsage', 'HostHighMemoryUsage', 'HostHighFilesystemUsage', 'HostFilesystemFillingUp', 'HostExporterDown', 'HostSystemdUnitFailed'],
  );
  const runbooks = await readFile(inDir('runbooks.md'), 'utf8');
  const anchors = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((match) => (match[1] ?? '').toLowerCase()));
  for (const rule of alerts) {
    t.match(rule.labels?.severity, /^(warning|critical)$/, `${rule.alert} severity`);
    t.same(Object.keys(rule.annotations ?? {}).sort(), ['description', 'runbook_url', 'summary', 'value'], `${rule.alert} annotations`);
    const anchor = /#([a-z]+)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
    t.equal(anchor, rule.alert?.toLowerCase(), `${rule.alert} runbook_url names its own section`);
    t.ok(anchors.has(anchor ?? ''), `runbooks.md has a section for ${rule.alert}`);
  }
});

t.test('promtool test rules: each unit test file under prometheus/tests passes', async (t) => {
  const files = (await readdir(inDir('tests'))).filter((file) => file.endsWith('.test.yml')).sort();
  t.same(files, [
    'exporter-down.test.yml',
    'filesystem-filling-up.test.yml',
    'per-host-thresholds.test.yml',
    'resource-usage.test.yml',
    'systemd-unit-failed.test.yml',
    'threshold-fallback.test.yml',
  ]);
  const tested = new Set<string>();
  for (const file of files) {
    const result = run('promtool', ['test', 'rules', inDir('tests', file)]);
    t.equal(result.status, 0, file, { output: result.output });
    t.match(result.output, /SUCCESS/, file);
    for (const match of (await readFile(inDir('tests', file), 'utf8')).matchAll(/alertname: (\w+)\n\s+exp_alerts:\n\s+- /g)) {
      tested.add(match[1] ?? '');
    }
  }
  const alerts = (await rulesOf('host-alerts.yml')).flatMap((rule) => (rule.alert ? [rule.alert] : []));
  t.same([...tested].sort(), [...alerts].sort(), 'every alert is shown firing by some test');
});

t.test('a broken expectation makes promtool test rules fail (the runs above can fail)', async (t) => {
  const temp = await makeTempDir('prometheus-rules-negative');
  t.teardown(temp.remove);
  const original = await readFile(inDir('tests', 'resource-usage.test.yml'), 'utf8');
  const broken = original.replaceAll('../rules/', `${inDir('rules')}/`).replace("value: '76%'", "value: '74%'");
  t.not(broken, original);
  await writeFile(path.join(temp.path, 'broken.test.yml'), broken);
  const result = run('promtool', ['test', 'rules', path.join(temp.path, 'broken.test.yml')]);
  t.equal(result.status, 1, 'exit code 1', { output: result.output });
  t.match(result.output, /FAILED/);
});

interface AlertmanagerAlert {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

t.test("Alertmanager's inhibit rules hold back what ExporterDown and FillingUp cover", async (t) => {
  const temp = await makeTempDir('alertmanager');
  t.teardown(temp.remove);
  // The shipped file, but its webhook pointed at a port nobody listens on rather than at whatever
  // bridge may run on this machine's 9095.
  const config = (await readFile(inDir('alertmanager.yml'), 'utf8')).replace('127.0.0.1:9095', `127.0.0.1:${await freePort()}`);
  await writeFile(path.join(temp.path, 'alertmanager.yml'), config);
  await writeFile(path.join(temp.path, 'token'), 'test-token\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const alertmanager = startProcess('prometheus-alertmanager', [
    `--config.file=${path.join(temp.path, 'alertmanager.yml')}`,
    `--storage.path=${path.join(temp.path, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
  t.teardown(() => alertmanager.stop());
  await waitForHttp(`${url}/-/ready`, alertmanager, 60_000);

  const alert = (labels: Record<string, string>) => ({ labels: { job: 'node', ...labels }, annotations: { summary: 'test' } });
  const posted = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([
      alert({ alertname: 'HostExporterDown', instance: 'down:9110', severity: 'critical' }),
      alert({ alertname: 'HostHighMemoryUsage', instance: 'down:9110', severity: 'warning' }),
      alert({ alertname: 'HostSystemdUnitFailed', instance: 'down:9110', severity: 'warning', name: 'nginx.service' }),
      alert({ alertname: 'HostHighMemoryUsage', instance: 'up:9110', severity: 'warning' }),
      alert({ alertname: 'HostFilesystemFillingUp', instance: 'up:9110', severity: 'critical', mountpoint: '/var' }),
      alert({ alertname: 'HostHighFilesystemUsage', instance: 'up:9110', severity: 'warning', mountpoint: '/var' }),
      alert({ alertname: 'HostHighFilesystemUsage', instance: 'up:9110', severity: 'warning', mountpoint: '/srv' }),
    ]),
  });
  t.equal(posted.status, 200);

  const key = (a: AlertmanagerAlert): string => `${a.labels.alertname} ${a.labels.instance}${a.labels.mountpoint ? ` ${a.labels.mountpoint}` : ''}`;
  const expected = {
    'HostExporterDown down:9110': 'active',
    'HostHighMemoryUsage down:9110': 'suppressed',
    'HostSystemdUnitFailed down:9110': 'suppressed',
    'HostHighMemoryUsage up:9110': 'active',
    'HostFilesystemFillingUp up:9110 /var': 'active',
    'HostHighFilesystemUsage up:9110 /var': 'suppressed',
    'HostHighFilesystemUsage up:9110 /srv': 'active',
  };
  // The inhibitor learns of source alerts asynchronously: poll until it has, then compare.
  let states: Record<string, string> = {};
  await waitFor('the inhibitions', async () => {
    const alerts = (await (await fetch(`${url}/api/v2/alerts`)).json()) as AlertmanagerAlert[];
    states = Object.fromEntries(alerts.map((a) => [key(a), a.status.state]));
    return JSON.stringify(Object.entries(states).sort()) === JSON.stringify(Object.entries(expected).sort());
  }, 15_000).catch(() => undefined);
  t.same(states, expected);
});
