import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dbus from 'dbus-next';
import t, { type Test } from 'tap';
import { startPrivateBus } from './helpers/dbus-daemon.js';
import { freePort } from './helpers/ports.js';
import { makeTempDir, startProcess, waitForHttp } from './helpers/processes.js';

// The exporter as one file (deploy/bundle/build-exporter-bundle.mjs) must run with nothing but Node:
// it is copied alone into an empty directory of the OS temp dir, with no node_modules above it, and
// scraped. The systemd collector talks to a fake systemd on a private dbus-daemon, which proves that
// dbus-next, loaded lazily, is inside the bundle. Then the installers put the bundle and the staged
// alert bridge under a temporary --root.

const repo = fileURLToPath(new URL('../', import.meta.url));
const buildScript = path.join(repo, 'deploy/bundle/build-exporter-bundle.mjs');
const stageScript = path.join(repo, 'deploy/bundle/stage-alert-bridge.mjs');
const installExporter = path.join(repo, 'deploy/install/install-exporter.sh');
const installBridge = path.join(repo, 'deploy/install/install-alert-bridge.sh');
const bounded = { timeout: 120_000 };

/** The V8 flags the exporter ships with: its shebang's (exporter/src/main.ts). */
async function shippedV8Flags(): Promise<string> {
  const shebang = (await readFile(path.join(repo, 'exporter/src/main.ts'), 'utf8')).split('\n', 1)[0] ?? '';
  return shebang.replace(/^#!\/usr\/bin\/env -S node /, '');
}

const escapeForRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion without throwing on a non-zero exit. */
function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? String(error) : '') });
    });
  });
}

const onPath = (command: string) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, command)));

async function packageVersion(workspace: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(repo, workspace, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Fails the test when a node_modules folder sits in `dir` or above it, where Node would find packages. */
function assertNoNodeModulesAbove(t: Test, dir: string): void {
  const found: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'node_modules'))) found.push(current);
    if (path.dirname(current) === current) break;
  }
  t.same(found, [], `no node_modules in ${dir} or above it`);
}

// ---- A fake systemd on a private bus (as exporter/test/collectors/systemd-dbus.test.ts, reduced) ----

/** systemd's bus_path_escape: every byte but [A-Za-z0-9] becomes _xx. */
const unitPath = (name: string) =>
  `/org/freedesktop/systemd1/unit/${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;

class FakeManager extends dbus.interface.Interface {
  constructor() {
    super('org.freedesktop.systemd1.Manager');
  }
  ListUnits(): unknown[] {
    return [['nginx.service', 'A web server', 'loaded', 'active', 'running', '', unitPath('nginx.service'), 0, '', '/']];
  }
  get Version(): string {
    return '252.22-1~deb12u1';
  }
  get SystemState(): string {
    return 'running';
  }
}
FakeManager.configureMembers({
  methods: { ListUnits: { outSignature: 'a(ssssssouso)' } },
  properties: { Version: { signature: 's', access: 'read' }, SystemState: { signature: 's', access: 'read' } },
});

class FakeService extends dbus.interface.Interface {
  constructor() {
    super('org.freedesktop.systemd1.Service');
  }
  get Type(): string {
    return 'forking';
  }
}
FakeService.configureMembers({ properties: { Type: { signature: 's', access: 'read' } } });

/** The bus address of a dbus-daemon with the fake systemd on it. */
async function startFakeSystemd(t: Test): Promise<string> {
  const { address } = await startPrivateBus(t, 'deploy-dbus');
  const systemd = dbus.sessionBus({ busAddress: address });
  systemd.on('error', () => {});
  t.teardown(() => systemd.disconnect());
  systemd.export('/org/freedesktop/systemd1', new FakeManager());
  systemd.export(unitPath('nginx.service'), new FakeService());
  t.equal(await systemd.requestName('org.freedesktop.systemd1', 0), dbus.RequestNameReply.PRIMARY_OWNER, 'fake systemd on the bus');
  return address;
}

/** Starts `command args` as an exporter on a free loopback port and returns one scrape of /metrics. */
async function scrapeOnce(t: Test, command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  const port = await freePort();
  const exporter = startProcess(command, [...args, `--web.listen-address=127.0.0.1:${port}`], options);
  t.teardown(() => exporter.stop());
  await waitForHttp(`http://127.0.0.1:${port}/`, exporter);
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  t.equal(await exporter.stop(), 0, 'stops cleanly on SIGTERM');
  return body;
}

/** The metrics a working exporter has, the systemd ones from the fake systemd when there is one. */
function checkMetrics(t: Test, body: string, withFakeSystemd: boolean): void {
  t.match(body, /^node_cpu_seconds_total\{cpu="0",mode="idle"\} \d/m);
  t.match(body, /^node_memory_MemTotal_bytes \d/m);
  t.match(body, /^node_filesystem_size_bytes\{device="[^"]*",fstype="[^"]*",mountpoint="[^"]*"\} \d/m);
  if (withFakeSystemd) {
    t.match(body, /^node_systemd_unit_state\{name="nginx\.service",state="active",type="forking"\} 1$/m, 'dbus-next is in the bundle');
    t.match(body, /^node_scrape_collector_success\{collector="systemd"\} 1$/m);
  } else {
    t.match(body, /^node_scrape_collector_success\{collector="systemd"\} [01]$/m, 'the systemd collector ran (no dbus-daemon for a fake systemd)');
  }
}

// ---- The bundle -------------------------------------------------------------------------------------

const build = await makeTempDir('bundle-build');
t.teardown(() => build.remove());
// --sea: exit 3 means the bundle was written but the binary could not be built here (postject missing).
const built = await runCommand('node', [buildScript, '--out', build.path, '--sea']);
const bundleFile = path.join(build.path, 'hostwatch-exporter.mjs');
const seaFile = path.join(build.path, 'hostwatch-exporter');
const exporterVersion = await packageVersion('exporter');
const dbusAvailable = onPath('dbus-daemon');

t.test('builds the exporter into one file that keeps the shebang and its V8 flags', async (t) => {
  t.ok(built.code === 0 || built.code === 3, `build-exporter-bundle.mjs exits 0 or 3 (got ${built.code}):\n${built.stderr}`);
  const bundle = await readFile(bundleFile, 'utf8');
  const sourceShebang = (await readFile(path.join(repo, 'exporter/src/main.ts'), 'utf8')).split('\n')[0];
  t.equal(bundle.split('\n')[0], sourceShebang, "the first line is the exporter's shebang");
  t.match(sourceShebang, /--max-old-space-size=\d+/);
  t.equal((await stat(bundleFile)).mode & 0o111, 0o111, 'executable');
  const licences = await readFile(path.join(build.path, 'hostwatch-exporter.LICENSES.txt'), 'utf8');
  for (const name of ['dbus-next@', 'prom-client@', 'pino@']) t.match(licences, name, `notice of ${name.slice(0, -1)}`);
  t.comment(`bundle size: ${(await stat(bundleFile)).size} bytes`);
});

t.test('the bundle alone, in an empty directory, serves the host metrics', bounded, async (t) => {
  const alone = await makeTempDir('bundle-alone');
  t.teardown(() => alone.remove());
  assertNoNodeModulesAbove(t, alone.path);
  const file = path.join(alone.path, 'hostwatch-exporter.mjs');
  await copyFile(bundleFile, file);
  t.same(await readdir(alone.path), ['hostwatch-exporter.mjs'], 'nothing but the bundle');

  // Run through its shebang, as the Docker image does.
  const version = await runCommand(file, ['--version'], { cwd: alone.path });
  t.equal(version.code, 0, version.stderr);
  t.match(version.stdout, new RegExp(`^hostwatch-exporter, version ${exporterVersion.replaceAll('.', '\\.')} `));

  if (!dbusAvailable) t.comment('dbus-daemon is missing (Debian package dbus): the systemd collector is only checked to run');
  const env = dbusAvailable ? { DBUS_SYSTEM_BUS_ADDRESS: await startFakeSystemd(t) } : {};
  const body = await scrapeOnce(t, 'node', [file], { cwd: alone.path, env });
  checkMetrics(t, body, dbusAvailable);
});

t.test("the single executable application's CommonJS entry, alone, serves the host metrics", bounded, async (t) => {
  // A SEA's require() loads built-ins only, so its entry must be self-contained too: checked under
  // plain node, whether or not postject was there to make the binary.
  const alone = await makeTempDir('sea-entry-alone');
  t.teardown(() => alone.remove());
  assertNoNodeModulesAbove(t, alone.path);
  const entry = path.join(alone.path, 'hostwatch-exporter.cjs');
  await copyFile(path.join(build.path, 'sea/hostwatch-exporter.cjs'), entry);
  t.ok(existsSync(path.join(build.path, 'sea/sea-prep.blob')), 'node --experimental-sea-config made the blob');
  const env = dbusAvailable ? { DBUS_SYSTEM_BUS_ADDRESS: await startFakeSystemd(t) } : {};
  checkMetrics(t, await scrapeOnce(t, 'node', [entry], { cwd: alone.path, env }), dbusAvailable);
});

const noSea = built.code === 0 ? false : `the SEA binary was not built: ${built.stderr.trim()}`;
t.test('the single executable application, alone and without node, serves the host metrics', { ...bounded, skip: noSea }, async (t) => {
  const alone = await makeTempDir('sea-alone');
  t.teardown(() => alone.remove());
  assertNoNodeModulesAbove(t, alone.path);
  const file = path.join(alone.path, 'hostwatch-exporter');
  await copyFile(seaFile, file);
  t.comment(`SEA binary size: ${(await stat(seaFile)).size} bytes`);
  // No node on PATH: the binary carries its own.
  const version = await runCommand(file, ['--version'], { cwd: alone.path, env: { PATH: '/nonexistent' } });
  t.equal(version.code, 0, version.stderr);
  t.match(version.stdout, `hostwatch-exporter, version ${exporterVersion} `);
  const env = dbusAvailable ? { DBUS_SYSTEM_BUS_ADDRESS: await startFakeSystemd(t) } : {};
  checkMetrics(t, await scrapeOnce(t, file, [], { cwd: alone.path, env: { ...env, PATH: '/nonexistent' } }), dbusAvailable);
});

// ---- The installers ---------------------------------------------------------------------------------

t.test('install-exporter.sh puts the bundle, a wrapper, the unit and the env file under --root', async (t) => {
  const root = await makeTempDir('install-exporter');
  t.teardown(() => root.remove());
  const install = (...args: string[]) => runCommand('bash', [installExporter, '--root', root.path, '--bundle', bundleFile, ...args]);

  const first = await install('--no-start');
  t.equal(first.code, 0, first.stderr);
  t.match(first.stdout, /not starting hostwatch-exporter\.service/);
  const lib = path.join(root.path, 'usr/local/lib/hostwatch');
  t.same(await readFile(path.join(lib, 'hostwatch-exporter.mjs')), await readFile(bundleFile), 'the bundle, unchanged');
  const wrapper = await readFile(path.join(root.path, 'usr/local/bin/hostwatch-exporter'), 'utf8');
  const flags = escapeForRegExp(await shippedV8Flags());
  t.match(wrapper, new RegExp(`^exec "/\\S+/node" ${flags} "/usr/local/lib/hostwatch/hostwatch-exporter\\.mjs" "\\$@"$`, 'm'));
  t.equal((await stat(path.join(root.path, 'usr/local/bin/hostwatch-exporter'))).mode & 0o777, 0o755);
  t.equal(
    await readFile(path.join(root.path, 'etc/systemd/system/hostwatch-exporter.service'), 'utf8'),
    await readFile(path.join(repo, 'deploy/systemd/hostwatch-exporter.service'), 'utf8'),
    'the unit as shipped (prefix /usr/local)',
  );
  const envFile = path.join(root.path, 'etc/hostwatch/exporter.env');
  t.match(await readFile(envFile, 'utf8'), /^HOSTWATCH_EXPORTER_ARGS=/m);

  // The installed copy runs where it was put.
  const version = await runCommand('node', [path.join(lib, 'hostwatch-exporter.mjs'), '--version']);
  t.match(version.stdout, `version ${exporterVersion}`);

  // An upgrade keeps the administrator's settings.
  await writeFile(envFile, 'HOSTWATCH_EXPORTER_ARGS="--web.listen-address=127.0.0.1:9110"\n');
  t.equal((await install('--no-start')).code, 0);
  t.equal(await readFile(envFile, 'utf8'), 'HOSTWATCH_EXPORTER_ARGS="--web.listen-address=127.0.0.1:9110"\n', 'env file kept');

  const uninstall = await install('--uninstall');
  t.equal(uninstall.code, 0, uninstall.stderr);
  for (const gone of ['usr/local/lib/hostwatch', 'usr/local/bin/hostwatch-exporter', 'etc/systemd/system/hostwatch-exporter.service']) {
    t.notOk(existsSync(path.join(root.path, gone)), `${gone} removed`);
  }
  t.ok(existsSync(envFile), 'settings kept on uninstall');
});

t.test('install-exporter.sh: --prefix, --dry-run, the binary form, and clear refusals', async (t) => {
  const root = await makeTempDir('install-exporter-options');
  t.teardown(() => root.remove());

  const dry = await runCommand('bash', [installExporter, '--root', root.path, '--bundle', bundleFile, '--dry-run']);
  t.equal(dry.code, 0, dry.stderr);
  t.match(dry.stdout, /^\+ install -D -m 0755 \S+hostwatch-exporter\.mjs /m);
  t.same(await readdir(root.path), [], '--dry-run writes nothing');

  const opt = await runCommand('bash', [installExporter, '--root', root.path, '--prefix', '/opt/hostwatch', '--bundle', bundleFile, '--no-start']);
  t.equal(opt.code, 0, opt.stderr);
  const unit = await readFile(path.join(root.path, 'etc/systemd/system/hostwatch-exporter.service'), 'utf8');
  t.match(unit, /^ExecStart=\/opt\/hostwatch\/bin\/hostwatch-exporter \$HOSTWATCH_EXPORTER_ARGS$/m);
  t.ok(existsSync(path.join(root.path, 'opt/hostwatch/lib/hostwatch/hostwatch-exporter.mjs')));

  // Without Node the packaged binary goes in; a stand-in is enough to check the wrapper's V8 flags.
  const binary = path.join(root.path, 'stand-in-binary');
  await writeFile(binary, '#!/bin/sh\n', { mode: 0o755 });
  const asBinary = await runCommand('bash', [installExporter, '--root', root.path, '--form', 'binary', '--binary', binary, '--bundle', bundleFile, '--no-start']);
  t.equal(asBinary.code, 0, asBinary.stderr);
  const wrapper = await readFile(path.join(root.path, 'usr/local/bin/hostwatch-exporter'), 'utf8');
  const flags = escapeForRegExp(await shippedV8Flags());
  t.match(wrapper, new RegExp(`^NODE_OPTIONS="${flags} \\$\\{NODE_OPTIONS:-\\}" exec "/usr/local/lib/hostwatch/hostwatch-exporter" "\\$@"$`, 'm'));
  // Without a bundle to read them from, the script's own copy of the flags is used: it must agree.
  t.match(await readFile(installExporter, 'utf8'), new RegExp(`^DEFAULT_V8_FLAGS='${flags}'$`, 'm'));

  const noBinary = await runCommand('bash', [installExporter, '--root', root.path, '--form', 'binary', '--binary', path.join(root.path, 'missing'), '--no-start']);
  t.not(noBinary.code, 0);
  t.match(noBinary.stderr, /no packaged binary at \S+missing: build it with node deploy\/bundle\/build-exporter-bundle\.mjs --sea/);
  const unknown = await runCommand('bash', [installExporter, '--root', root.path, '--frobnicate']);
  t.match(unknown.stderr, /unknown option: --frobnicate/);
  t.not(unknown.code, 0);
});

t.test('the staged alert bridge runs from its install under --root with only its production packages', bounded, async (t) => {
  const stageDir = await makeTempDir('bridge-stage');
  t.teardown(() => stageDir.remove());
  const staged = await runCommand('node', [stageScript, '--out', stageDir.path]);
  t.equal(staged.code, 0, staged.stderr);
  const modules = await readdir(path.join(stageDir.path, 'alert-bridge/node_modules'));
  for (const needed of ['better-sqlite3', 'koa', 'influx', 'pino']) t.ok(modules.includes(needed), `${needed} staged`);
  for (const devOnly of ['typescript', 'tap', 'eslint', 'tsx', 'dbus-next']) t.notOk(modules.includes(devOnly), `${devOnly} left out`);

  const root = await makeTempDir('install-bridge');
  t.teardown(() => root.remove());
  assertNoNodeModulesAbove(t, root.path);
  const install = await runCommand('bash', [installBridge, '--root', root.path, '--stage', path.join(stageDir.path, 'alert-bridge'), '--no-start']);
  t.equal(install.code, 0, install.stderr);
  const tokenFile = path.join(root.path, 'etc/hostwatch/credentials/alert-bridge-auth-token');
  t.match(await readFile(tokenFile, 'utf8'), /^[0-9a-f]{64}$/, 'a token was generated');
  t.equal((await stat(tokenFile)).mode & 0o777, 0o600);
  t.notOk(existsSync(path.join(root.path, 'etc/systemd/system/hostwatch-alert-bridge.service.d/telegram.conf')), 'no Telegram drop-in without a bot token');
  const wrapper = await readFile(path.join(root.path, 'usr/local/bin/hostwatch-alert-bridge'), 'utf8');
  t.match(wrapper, /^exec "\/\S+\/node" "\/usr\/local\/lib\/hostwatch\/alert-bridge\/dist\/main\.js" "\$@"$/m);

  const data = path.join(root.path, 'var/lib/hostwatch-bridge');
  await mkdir(data, { recursive: true });
  const port = await freePort();
  const bridge = startProcess('node', [path.join(root.path, 'usr/local/lib/hostwatch/alert-bridge/dist/main.js')], {
    cwd: root.path,
    env: { BRIDGE_AUTH_TOKEN_FILE: tokenFile, BRIDGE_DATA_DIR: data, BRIDGE_LISTEN_ADDRESS: `127.0.0.1:${port}`, INFLUXDB_URL: '', TELEGRAM_BOT_TOKEN: '' },
  });
  t.teardown(() => bridge.stop());
  await waitForHttp(`http://127.0.0.1:${port}/readyz`, bridge);
  const refused = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  t.equal(refused.status, 401, 'the webhook wants the token');
  t.ok(existsSync(path.join(data, 'history.sqlite')), 'better-sqlite3 opened the embedded history');
  t.equal(await bridge.stop(), 0);

  // With a bot token, the Telegram drop-in comes along.
  const botToken = path.join(root.path, 'bot-token');
  await writeFile(botToken, '123456:ABC-def\n');
  const again = await runCommand('bash', [installBridge, '--root', root.path, '--stage', path.join(stageDir.path, 'alert-bridge'), '--telegram-bot-token-file', botToken, '--no-start']);
  t.equal(again.code, 0, again.stderr);
  t.match(await readFile(path.join(root.path, 'etc/systemd/system/hostwatch-alert-bridge.service.d/telegram.conf'), 'utf8'), /^Environment=TELEGRAM_BOT_TOKEN_FILE=%d\/telegram-bot-token$/m);
  t.match(again.stdout, /kept \S+alert-bridge-auth-token/, 'the token is not replaced');
});
