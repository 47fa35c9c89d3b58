import { execFile } from 'node:child_process';
import { access, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { freePort } from './helpers/ports.js';
import { makeTempDir, waitFor } from './helpers/processes.js';

// `deploy/local-stack/stack.sh up|status|down` for real, as the README has people run it: every
// component from Debian's packages and the build, detached, in a temporary folder on free ports.

const root = fileURLToPath(new URL('..', import.meta.url));
const stackScript = path.join(root, 'deploy/local-stack/stack.sh');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The developer's own stack settings and Telegram variables must not reach the stack under test. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(HOSTWATCH_STACK_|TELEGRAM_|BRIDGE_|INFLUXDB_)/.test(name)));
}

function stack(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile('bash', [stackScript, ...args], { cwd: root, env: { ...cleanEnvironment(), ...env }, timeout: 300_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A live process, not a zombie waiting for init to reap it. */
async function alive(pid: number): Promise<boolean> {
  try {
    const procStat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return !procStat.slice(procStat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

async function freePorts(): Promise<Record<string, string>> {
  const names = ['PROMETHEUS', 'ALERTMANAGER', 'INFLUXDB', 'INFLUXDB_RPC', 'BRIDGE', 'EXPORTER'];
  const env: Record<string, string> = {};
  for (const name of names) env[`HOSTWATCH_STACK_${name}_PORT`] = String(await freePort());
  return env;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

t.test('up starts every component detached, status reports them, down stops them all', async (t) => {
  const temp = await makeTempDir('local-stack');
  const dir = path.join(temp.path, 'stack');
  const ports = await freePorts();
  const env = { HOSTWATCH_STACK_DIR: dir, ...ports };
  const url = (name: string): string => `http://127.0.0.1:${ports[`HOSTWATCH_STACK_${name}_PORT`]}`;
  t.teardown(async () => {
    await stack(['down'], env);
    await temp.remove();
  });

  const started = await stack(['up'], env);
  t.equal(started.code, 0, 'up succeeds', { stdout: started.stdout, stderr: started.stderr });
  for (const name of ['PROMETHEUS', 'ALERTMANAGER', 'INFLUXDB', 'BRIDGE', 'EXPORTER']) t.match(started.stdout, url(name), `prints ${name}'s URL`);
  const tokenFile = path.join(dir, 'bridge-token');
  t.match(started.stdout, tokenFile, 'prints the token file');
  t.match(started.stdout, /Stop: .*stack\.sh down/, 'says how to stop');
  t.equal((await stat(tokenFile)).mode & 0o777, 0o600, 'the token file is private');
  const token = (await readFile(tokenFile, 'utf8')).trim();
  t.match(token, /^[0-9a-f]{64}$/);

  // Every component answers after the command has returned.
  for (const ready of [`${url('PROMETHEUS')}/-/ready`, `${url('ALERTMANAGER')}/-/ready`, `${url('INFLUXDB')}/ping`, `${url('BRIDGE')}/readyz`, `${url('EXPORTER')}/metrics`]) {
    t.ok((await fetch(ready)).ok, `${ready} answers`);
  }
  t.match(await (await fetch(`${url('EXPORTER')}/metrics`)).text(), /^node_memory_MemAvailable_bytes /m, 'the exporter serves host metrics');

  // Prometheus scrapes the exporter through the generated inventory, and the stack's own parts.
  const prometheus = `${url('PROMETHEUS')}/api/v1`;
  const exporterInstance = `127.0.0.1:${ports.HOSTWATCH_STACK_EXPORTER_PORT}`;
  const upJobs = await waitFor(
    'every scrape job up',
    async () => {
      const body = await json<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(`${prometheus}/query?query=${encodeURIComponent('up == 1')}`);
      const jobs = body.data.result.map((series) => `${series.metric.job} ${series.metric.instance}`).sort();
      return jobs.length === 4 ? jobs : undefined;
    },
    60_000,
    500,
  );
  t.same(upJobs, [
    `alertmanager 127.0.0.1:${ports.HOSTWATCH_STACK_ALERTMANAGER_PORT}`,
    `hostwatch-bridge 127.0.0.1:${ports.HOSTWATCH_STACK_BRIDGE_PORT}`,
    `node ${exporterInstance}`,
    `prometheus 127.0.0.1:${ports.HOSTWATCH_STACK_PROMETHEUS_PORT}`,
  ]);

  const rules = await json<{ data: { groups: { name: string; rules: { type: string; name: string }[] }[] } }>(`${prometheus}/rules`);
  const alerting = rules.data.groups.flatMap((group) => group.rules.filter((rule) => rule.type === 'alerting').map((rule) => rule.name));
  t.same(alerting.sort(), ['HostExporterDown', 'HostFilesystemFillingUp', 'HostHighCpuUsage', 'HostHighFilesystemUsage', 'HostHighMemoryUsage', 'HostSystemdUnitFailed']);
  t.same(rules.data.groups.map((group) => group.name).sort(), ['hostwatch-host-alerts', 'hostwatch-thresholds', 'node-recording']);
  const threshold = await waitFor('the exporter host\'s memory threshold', async () => {
    const body = await json<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
      `${prometheus}/query?query=${encodeURIComponent('instance:hostwatch_memory_threshold:ratio')}`,
    );
    return body.data.result[0];
  }, 60_000, 500);
  t.same([threshold.metric.instance, threshold.value[1]], [exporterInstance, '0.75'], 'the inventory\'s default threshold for the local exporter');

  const alertmanagers = await json<{ data: { activeAlertmanagers: { url: string }[] } }>(`${prometheus}/alertmanagers`);
  t.same(alertmanagers.data.activeAlertmanagers, [{ url: `${url('ALERTMANAGER')}/api/v2/alerts` }], 'Prometheus knows the stack\'s Alertmanager');

  // Alertmanager sends to the stack's bridge with the stack's token; the bridge keeps history in InfluxDB.
  const amStatus = await json<{ config: { original: string } }>(`${url('ALERTMANAGER')}/api/v2/status`);
  t.match(amStatus.config.original, `url: ${url('BRIDGE')}/webhook`);
  t.match(amStatus.config.original, `credentials_file: ${tokenFile}`);
  t.equal((await fetch(`${url('BRIDGE')}/api/v1/notifications`)).status, 401, 'the bridge wants the token');
  t.same(await json(`${url('BRIDGE')}/api/v1/notifications`, { headers: { Authorization: `Bearer ${token}` } }), { notifications: [], next_cursor: null });
  const databases = await json<{ results: { series: { values: string[][] }[] }[] }>(`${url('INFLUXDB')}/query?q=${encodeURIComponent('SHOW DATABASES')}`);
  t.ok(databases.results[0]?.series[0]?.values.flat().includes('hostwatch'), 'the bridge created its database in the stack\'s InfluxDB');

  const status = await stack(['status'], env);
  t.equal(status.code, 0, 'status: all ready', { stdout: status.stdout });
  t.equal(status.stdout.match(/ ready /g)?.length, 5);

  const again = await stack(['up'], env);
  t.equal(again.code, 0, 'up on a running stack succeeds', { stderr: again.stderr });
  t.match(again.stdout, /Already running; configuration regenerated/);

  const runDir = path.join(dir, 'run');
  const pids = await Promise.all((await readdir(runDir)).filter((file) => file.endsWith('.pid')).map(async (file) => Number(await readFile(path.join(runDir, file), 'utf8'))));
  t.equal(pids.length, 5, 'a pid file per component');
  for (const pid of pids) t.ok(await alive(pid), `pid ${pid} runs`);

  const stopped = await stack(['down'], env);
  t.equal(stopped.code, 0, 'down succeeds', { stderr: stopped.stderr });
  t.equal(stopped.stdout.match(/^stopped /gm)?.length, 5, 'down reports each component');
  for (const pid of pids) t.notOk(await alive(pid), `pid ${pid} is gone`);
  t.same(await readdir(runDir), ['stack.json'], 'no pid files left');
  await access(path.join(dir, 'data', 'prometheus'));
  t.pass('down keeps the data');
  t.equal((await stack(['status'], env)).code, 3, 'status: not running');

  const purged = await stack(['down', '--purge'], env);
  t.equal(purged.code, 0);
  await t.rejects(access(dir), 'down --purge deletes the folder');
});

t.test('up refuses a busy port, naming it and the variable that moves it, and starts nothing', async (t) => {
  const temp = await makeTempDir('local-stack-busy');
  t.teardown(temp.remove);
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => busy.close(() => resolve())));
  const busyPort = (busy.address() as { port: number }).port;
  const env = { ...(await freePorts()), HOSTWATCH_STACK_DIR: temp.path, HOSTWATCH_STACK_ALERTMANAGER_PORT: String(busyPort) };

  const result = await stack(['up'], env);
  t.equal(result.code, 1);
  t.equal(
    result.stderr,
    `hostwatch-stack: port ${busyPort} (Alertmanager) is already in use on 127.0.0.1: stop what listens there, or choose another port with HOSTWATCH_STACK_ALERTMANAGER_PORT=PORT\n`,
  );
  t.same((await readdir(path.join(temp.path, 'run'))).filter((file) => file.endsWith('.pid')), [], 'nothing started');
});

t.test('up stops at an invalid inventory with the generator\'s message, and at bad settings', async (t) => {
  const temp = await makeTempDir('local-stack-invalid');
  t.teardown(temp.remove);
  const inventory = path.join(temp.path, 'inventory.yml');
  await writeFile(inventory, 'hosts:\n  - address: web1:9110\n    thresholds: {memory: 150}\n');
  const ports = await freePorts();
  const env = { ...ports, HOSTWATCH_STACK_DIR: path.join(temp.path, 'stack'), HOSTWATCH_STACK_INVENTORY: inventory };

  const invalid = await stack(['up'], env);
  t.equal(invalid.code, 1);
  t.match(invalid.stderr, `the inventory generator failed on ${inventory}`);
  t.match(invalid.stderr, 'hosts[0] (web1:9110).thresholds.memory: must be at most 100');

  const samePort = await stack(['up'], { ...env, HOSTWATCH_STACK_BRIDGE_PORT: ports.HOSTWATCH_STACK_EXPORTER_PORT as string });
  t.equal(samePort.code, 2);
  t.match(samePort.stderr, /HOSTWATCH_STACK_EXPORTER_PORT: port \d+ is also HOSTWATCH_STACK_BRIDGE_PORT's/);

  const notStack = await stack(['up'], { ...env, HOSTWATCH_STACK_DIR: temp.path });
  t.equal(notStack.code, 1);
  t.match(notStack.stderr, `${temp.path} is not empty and holds no Hostwatch stack`);
});
