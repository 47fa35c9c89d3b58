import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse } from 'yaml';
import { makeTempDir } from './helpers/processes.js';

// docker-compose.yml, checked by Compose itself (`docker-compose config`: Debian's docker-compose, and
// `docker compose config` where the v2 plugin exists) on a copy of the repository's files with dummy
// secrets, then read back: pinned images, healthchecks, secrets as files, and agreement with the
// files it mounts (prometheus/, grafana/). The Dockerfiles and .dockerignore are read as text. No
// Docker engine is needed or used.

const repo = fileURLToPath(new URL('../', import.meta.url));
const SECRETS = ['bridge-token', 'telegram-bot-token', 'grafana-admin-password'];
const SERVICES = ['alert-bridge', 'alertmanager', 'exporter', 'grafana', 'influxdb', 'prometheus'];

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: options.env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr: stderr || (error ? String(error) : '') });
    });
  });
}

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition?: string }>;
  secrets?: (string | { source: string; target?: string })[];
  volumes?: (string | { type?: string; source?: string; target: string; read_only?: boolean })[];
  pid?: string;
  network_mode?: string;
}

interface ComposeConfig {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
}

interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** Compose v1 prints volumes as "source:target:mode", v2 as objects. */
function mounts(service: Service): Mount[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return { source: volume.source ?? '', target: volume.target, readOnly: volume.read_only === true };
    const [source = '', target = '', mode = ''] = volume.split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

const secretNames = (service: Service) => (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));

/** A copy of what docker-compose.yml refers to, with a dummy file for every secret. */
async function projectCopy(): Promise<{ path: string; remove(): Promise<void> }> {
  const temp = await makeTempDir('compose');
  for (const entry of ['docker-compose.yml', '.dockerignore', 'prometheus', 'grafana', 'deploy/docker']) {
    await cp(path.join(repo, entry), path.join(temp.path, entry), { recursive: true });
  }
  await mkdir(path.join(temp.path, 'deploy/secrets'), { recursive: true });
  for (const secret of SECRETS) await writeFile(path.join(temp.path, 'deploy/secrets', secret), `dummy-${secret}\n`);
  return temp;
}

// Only PATH and HOME: variables of the person running the tests must not fill in the file's ${...}.
const cleanEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };

const v1 = await run('docker-compose', ['version'], { env: cleanEnv });
const v2 = await run('docker', ['compose', 'version'], { env: cleanEnv });

const project = await projectCopy();
t.teardown(() => project.remove());

// The normalised configuration, from whichever Compose is here; most checks below read it. (Every
// await comes before the first t.test: tap ends the file's test once its subtests are done.)
const normalised = v1.code === 0 ? await run('docker-compose', ['config'], { cwd: project.path, env: cleanEnv }) : v2.code === 0 ? await run('docker', ['compose', 'config'], { cwd: project.path, env: cleanEnv }) : undefined;
const config = normalised?.code === 0 ? (parse(normalised.stdout) as ComposeConfig) : undefined;
const noConfig = config ? false : 'no Compose to normalise docker-compose.yml (Debian package: docker-compose)';

t.test('docker-compose config (v1) accepts the stack', { skip: v1.code === 0 ? false : 'docker-compose is not installed (Debian package: docker-compose)' }, async (t) => {
  const result = await run('docker-compose', ['config', '--quiet'], { cwd: project.path, env: cleanEnv });
  t.equal(result.code, 0, result.stderr);
  t.equal(result.stderr.trim(), '', 'no warnings');
});

t.test('docker compose config (v2) accepts the stack', { skip: v2.code === 0 ? false : 'the docker compose plugin (v2) is not installed' }, async (t) => {
  const result = await run('docker', ['compose', 'config', '--quiet'], { cwd: project.path, env: cleanEnv });
  t.equal(result.code, 0, result.stderr);
});


t.test('every image is pinned to a version, and the built ones to their package version', { skip: noConfig }, async (t) => {
  const services = config!.services;
  t.same(Object.keys(services).sort(), SERVICES);
  const expectedMajor: Record<string, RegExp> = {
    prometheus: /^prom\/prometheus:v2\.\d+\.\d+$/,
    alertmanager: /^prom\/alertmanager:v0\.\d+\.\d+$/,
    influxdb: /^influxdb:1\.\d+\.\d+$/,
    grafana: /^grafana\/grafana:11\.\d+\.\d+$/,
  };
  for (const [name, service] of Object.entries(services)) {
    t.ok(service.image, `${name} names its image`);
    t.notMatch(service.image ?? '', /:latest$|^[^:]+$/, `${name}: not latest, not untagged`);
    if (expectedMajor[name]) t.match(service.image, expectedMajor[name], `${name}: ${service.image}`);
  }
  for (const [name, workspace] of [['exporter', 'exporter'], ['alert-bridge', 'alert-bridge']] as const) {
    const version = (JSON.parse(await readFile(path.join(repo, workspace, 'package.json'), 'utf8')) as { version: string }).version;
    t.ok(services[name]?.build, `${name} is built here`);
    t.equal(services[name]?.image, `hostwatch-${name}:${version}`, `${name} tagged with ${workspace}'s version`);
  }
});

t.test('every service has a healthcheck, and waits for what it depends on to be healthy', { skip: noConfig }, async (t) => {
  const services = config!.services;
  for (const [name, service] of Object.entries(services)) {
    const test = service.healthcheck?.test ?? [];
    t.ok(test.length > 1 && test[0] !== 'NONE' && service.healthcheck?.disable !== true, `${name} has a healthcheck: ${test.join(' ')}`);
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      t.equal(condition, 'service_healthy', `${name} waits for ${dependency} to be healthy`);
      t.ok(services[dependency]?.healthcheck?.test, `${dependency} can become healthy`);
    }
  }
});

t.test('secrets are files: the bridge token reaches the bridge and Alertmanager where they read it', { skip: noConfig }, async (t) => {
  const { services, secrets } = config!;
  for (const [name, secret] of Object.entries(secrets)) {
    t.equal(path.dirname(secret.file), path.join(project.path, 'deploy/secrets'), `${name} is a file in deploy/secrets`);
  }
  const bridge = services['alert-bridge']!;
  t.ok(secretNames(bridge).includes('bridge-token'));
  t.equal(bridge.environment?.BRIDGE_AUTH_TOKEN_FILE, '/run/secrets/bridge-token');
  t.notOk(bridge.environment && 'BRIDGE_AUTH_TOKEN' in bridge.environment, 'never the token itself in the environment');
  t.equal(bridge.environment?.TELEGRAM_BOT_TOKEN_FILE, '/run/secrets/telegram-bot-token');

  // Alertmanager sends the same token, from where prometheus/alertmanager.yml says.
  const alertmanagerYml = parse(await readFile(path.join(repo, 'prometheus/alertmanager.yml'), 'utf8')) as {
    receivers: { name: string; webhook_configs?: { url: string; http_config?: { authorization?: { credentials_file?: string } } }[] }[];
  };
  const webhook = alertmanagerYml.receivers.flatMap((receiver) => receiver.webhook_configs ?? []).find((w) => w.url.endsWith('/webhook'));
  const alertmanagerSecret = services.alertmanager!.secrets?.find((s) => typeof s !== 'string' && s.source === 'bridge-token');
  t.equal(typeof alertmanagerSecret === 'object' ? alertmanagerSecret.target : undefined, webhook?.http_config?.authorization?.credentials_file);
  t.equal(webhook?.url, `http://${bridge.environment?.BRIDGE_LISTEN_ADDRESS}/webhook`, "Alertmanager calls the bridge's address");
});

t.test('the mounts exist and agree with the configuration they carry', { skip: noConfig }, async (t) => {
  const { services } = config!;
  for (const [name, service] of Object.entries(services)) {
    for (const mount of mounts(service)) {
      if (mount.source.startsWith(project.path)) t.ok(existsSync(mount.source), `${name}: ${path.relative(project.path, mount.source)} exists`);
    }
  }
  const exporter = services.exporter!;
  t.equal(exporter.pid, 'host');
  for (const [host, flag] of [['/proc', '--path.procfs'], ['/sys', '--path.sysfs'], ['/', '--path.rootfs']]) {
    const mount = mounts(exporter).find((m) => m.source === host);
    t.ok(mount?.readOnly, `${host} is mounted read-only`);
    t.ok(exporter.command?.includes(`${flag}=${mount?.target}`), `${flag} names it`);
  }

  // Grafana's dashboards are mounted where the provisioning file looks for them.
  const provisioning = parse(await readFile(path.join(repo, 'grafana/provisioning/dashboards/hostwatch.yml'), 'utf8')) as {
    providers: { options: { path: string } }[];
  };
  const dashboards = mounts(services.grafana!).find((m) => m.source === path.join(project.path, 'grafana/dashboards'));
  t.equal(dashboards?.target, provisioning.providers[0]?.options.path);

  // Prometheus scrapes the exporter and sends alerts to Alertmanager at the addresses they listen on.
  const flag = (service: Service, name: string) => service.command?.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
  const prometheusYml = await readFile(path.join(repo, 'prometheus/prometheus.yml'), 'utf8');
  t.match(prometheusYml, `'${flag(services.alertmanager!, '--web.listen-address')}'`, 'prometheus.yml names Alertmanager');
  const targetsMount = mounts(services.prometheus!).find((m) => m.target === '/etc/prometheus/targets');
  const targets = await Promise.all((await readdir(targetsMount!.source)).map((file) => readFile(path.join(targetsMount!.source, file), 'utf8')));
  t.match(targets.join('\n'), `"${flag(exporter, '--web.listen-address')}"`, 'the file_sd targets name the exporter');
});

// ---- The Dockerfiles and .dockerignore ------------------------------------------------------------

/** Docker's .dockerignore: the last pattern matching the file or one of its parent folders decides. */
function dockerContextHas(patterns: readonly string[], file: string): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*\*/g, '\0').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\0/g, '.*')}$`);
  const prefixes = file.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let included = true;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = toRegExp(path.posix.normalize(negated ? raw.slice(1) : raw).replace(/\/$/, ''));
    if (prefixes.some((prefix) => pattern.test(prefix))) included = negated;
  }
  return included;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repo, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(repo, path.join(e.parentPath, e.name)));
}

for (const dockerfile of ['exporter.Dockerfile', 'alert-bridge.Dockerfile']) {
  t.test(`deploy/docker/${dockerfile}: pinned Node, non-root, healthcheck, a context with what it copies`, async (t) => {
    const text = await readFile(path.join(repo, 'deploy/docker', dockerfile), 'utf8');
    const instructions = text.replace(/\\\n/g, ' ').split('\n').filter((line) => /^[A-Z]+\s/.test(line));
    const froms = instructions.filter((line) => line.startsWith('FROM '));
    t.ok(froms.length >= 2, 'multi-stage');
    for (const from of froms) t.match(from, /^FROM node:20\.\d+\.\d+-bookworm-slim( AS \w+)?$/, from);
    const finalStage = instructions.slice(instructions.lastIndexOf(froms[froms.length - 1]!));
    const user = finalStage.filter((line) => line.startsWith('USER ')).pop();
    t.ok(user && !/^USER (root|0)(:|$)/.test(user), `the final stage runs as ${user}`);
    t.ok(finalStage.some((line) => line.startsWith('HEALTHCHECK ')), 'a healthcheck');

    const patterns = (await readFile(path.join(repo, '.dockerignore'), 'utf8')).split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const copied = instructions.filter((line) => line.startsWith('COPY ') && !line.includes('--from=')).flatMap((line) => line.split(/\s+/).slice(1, -1));
    for (const source of copied) {
      const files = existsSync(path.join(repo, source)) && !source.endsWith('/') ? [source] : await filesUnder(source);
      // A folder's sources: everything but builds and tests.
      const needed = files.filter((file) => !/(^|\/)(dist|test|node_modules)\//.test(file));
      t.ok(needed.length > 0, `${source} has files`);
      t.same(needed.filter((file) => !dockerContextHas(patterns, file)), [], `.dockerignore lets ${source} through`);
    }
    for (const secret of ['deploy/secrets/bridge-token', 'node_modules/koa/package.json', 'exporter/dist/main.js', '.git/config']) {
      t.notOk(dockerContextHas(patterns, secret), `${secret} stays out of the build context`);
    }
  });
}
