import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import t, { type Test } from 'tap';
import { testAlert, testWebhook } from '../../alert-bridge/test/helpers/webhooks.js';
import { bridgeMain, CLEAN_BRIDGE_ENV, startBridgeProcess } from '../helpers/bridge-process.js';
import { makeTestCertificates } from '../helpers/certs.js';
import { startHostwatchExporter } from '../helpers/exporters.js';
import { startInfluxDB } from '../helpers/influxdb.js';
import { freePort } from '../helpers/ports.js';
import { makeTempDir, startProcess, waitFor } from '../helpers/processes.js';
import { startFakeBotApi } from '../helpers/telegram-bot-api.js';
import { rawHttpClient } from './helpers/hostile-http.js';
import { basicCredentials, findSecrets, type NamedSecret } from './helpers/hostile-secrets.js';
import { printable } from './helpers/hostile-strings.js';
import { basic, httpsGet } from './helpers/hostile-tls.js';
import { recordResult } from './helpers/reliability-report.js';

// The bridge and the exporter through a busy life (good and bad requests, wrong credentials,
// Telegram failing, InfluxDB down, failed start-ups, reloads), logging at their most verbose; no
// secret may appear in anything they write, in any of the spellings a log could give it.

const PROMISE = 'Secrets never reach the logs';
const AUTH_TOKEN = 'brg-auth-S3CRET-1a2b3c4d5e6f';
const BOT_SECRET = 'tgS3CRETbot-2b3c4d5e6f7a';
const BOT_TOKEN = `7777:${BOT_SECRET}`;
const INFLUX_URL_PASSWORD = 'influxURL-S3CRET-3c4d5e';
const INFLUX_ENV_PASSWORD = 'influxENV-S3CRET-4d5e6f';
const PROMETHEUS_PASSWORD = 'prom-S3CRET-5e6f7a';
const ALERTMANAGER_PASSWORD = 'am-S3CRET-6f7a8b';
/** Wrong guesses shaped like tokens: a log line with a request's headers would hold them. */
const WRONG_TOKENS = ['wrong-S3CRET-guess-7a8b9c', `${AUTH_TOKEN}x`, AUTH_TOKEN.toUpperCase()];
const CHAT = 7001;
/** ALERTMANAGER_URL's credentials end up in the silence links of Telegram messages. */

const BRIDGE_SECRETS: NamedSecret[] = [
  { name: 'BRIDGE_AUTH_TOKEN', value: AUTH_TOKEN },
  { name: 'TELEGRAM_BOT_TOKEN', value: BOT_SECRET },
  ...basicCredentials('the password in INFLUXDB_URL', 'hostwatch', INFLUX_URL_PASSWORD),
  ...basicCredentials('INFLUXDB_PASSWORD', 'hostwatch', INFLUX_ENV_PASSWORD),
  ...basicCredentials('the password in PROMETHEUS_URL', 'prom', PROMETHEUS_PASSWORD),
  ...basicCredentials('the password in ALERTMANAGER_URL', 'am', ALERTMANAGER_PASSWORD),
  ...WRONG_TOKENS.map((value, i) => ({ name: `wrong token ${i + 1}`, value })),
];

const figures: Record<string, number | string> = { secrets_watched: BRIDGE_SECRETS.length };
t.teardown(() => recordResult(PROMISE, 'hostile-secrets-in-logs', figures));

/** Asserts that none of the secrets is in the text; returns how many were. */
function assertClean(t: Test, what: string, text: string, secrets: readonly NamedSecret[], extra: object = {}): number {
  const found = findSecrets(text, secrets);
  const shown = found.map((f) => ` | ${f.name}: …${printable(f.context)}…`).join('');
  t.same(found, [], `no secret in ${what} (${text.length} characters)${shown}`, extra);
  return found.length;
}

const withCredentials = (base: string, user: string, password: string, pathname = ''): string => {
  const url = new URL(base);
  url.username = user;
  url.password = password;
  url.pathname = pathname;
  return url.href.replace(/\/$/, '');
};

t.test('the bridge: a busy life at log level trace', async (t) => {
  const influx = await startInfluxDB();
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  const temp = await makeTempDir('hostile-secrets');
  t.teardown(async () => {
    await telegram.close();
    await influx.cleanup();
    await temp.remove();
  });
  const bridge = await startBridgeProcess({
    token: AUTH_TOKEN,
    dataDir: temp.path,
    env: {
      BRIDGE_LOG_LEVEL: 'trace',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: telegram.apiRoot,
      TELEGRAM_CHAT_ID: String(CHAT),
      INFLUXDB_URL: withCredentials(influx.url, 'hostwatch', INFLUX_URL_PASSWORD, '/hostwatch_secrets'),
      INFLUXDB_PASSWORD: INFLUX_ENV_PASSWORD,
      PROMETHEUS_URL: withCredentials(`http://127.0.0.1:${await freePort()}`, 'prom', PROMETHEUS_PASSWORD),
      ALERTMANAGER_URL: withCredentials(`http://127.0.0.1:${await freePort()}`, 'am', ALERTMANAGER_PASSWORD),
    },
  });
  const client = rawHttpClient(bridge.url);
  t.teardown(() => client.close());
  const json = { 'Content-Type': 'application/json' };
  const auth = { Authorization: `Bearer ${AUTH_TOKEN}` };
  let serial = 0;
  const post = (extra: Record<string, string> = {}) =>
    client.send('POST', '/webhook', { ...auth, ...json, ...extra }, Buffer.from(JSON.stringify(testWebhook([testAlert({ labels: { alertname: 'SecretLife', instance: `host-${++serial}:9100` } })], { groupKey: `g${serial}` }))));

  t.equal((await post()).status, 200, 'a good webhook');
  await telegram.waitForMessages(1, { chatId: CHAT, timeoutMs: 20_000 });
  for (const wrong of WRONG_TOKENS) {
    t.equal((await client.send('POST', '/webhook', { ...json, Authorization: `Bearer ${wrong}` }, Buffer.from('{}'))).status, 401);
    t.equal((await client.send('GET', `/api/v1/notifications?token=${wrong}`, { Authorization: `Basic ${Buffer.from(`x:${wrong}`).toString('base64')}` })).status, 401);
  }
  t.equal((await client.send('GET', `/healthz?token=${AUTH_TOKEN}`)).status, 200, 'the token in a public URL');
  t.equal((await client.send('POST', '/webhook', { ...auth, ...json }, Buffer.from('{"broken'))).status, 400);
  t.equal((await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'text/plain' }, Buffer.from(AUTH_TOKEN))).status, 415);
  t.equal((await client.send('POST', '/webhook', { ...auth, ...json }, Buffer.alloc(1024 * 1024 + 1, 0x20))).status, 413);
  t.equal((await client.send('POST', '/webhook', { ...auth, ...json, 'Content-Encoding': 'gzip', Connection: 'close' }, Buffer.from(`{"token":"${AUTH_TOKEN}"}`))).status >= 400, true, 'a broken gzip body');
  t.equal((await client.send('GET', '/api/v1/notifications?cursor=bm90LWEtY3Vyc29y', auth)).status, 400);

  // Telegram fails every way it can, then recovers: every message still arrives.
  const sent = telegram.messages(CHAT).length;
  for (const fault of [
    { kind: 'status', status: 500 },
    { kind: 'status', status: 502, body: 'json' },
    { kind: 'too-many-requests', retryAfter: 1 },
    { kind: 'offline' },
  ] as const) {
    await telegram.setFault(fault);
    const before = telegram.requests('sendMessage').length;
    t.equal((await post()).status, 200, `a webhook while Telegram answers ${JSON.stringify(fault)}`);
    if (fault.kind !== 'offline') await telegram.waitForRequests('sendMessage', before + 2, { timeoutMs: 20_000 });
    else await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  telegram.failNext(1, { kind: 'status', status: 401, body: 'json' });
  await telegram.clearFault();
  // One of the four gets Telegram's 401, a refusal for good; the other three arrive.
  await telegram.waitForMessages(sent + 3, { chatId: CHAT, timeoutMs: 60_000 }).catch(() => undefined);
  figures.telegram_messages_delivered = telegram.messages(CHAT).length;

  // The bot asks Prometheus and Alertmanager, both unreachable at URLs holding credentials.
  const chatBefore = telegram.messages(CHAT).length;
  const commands = ['/status', '/alerts', '/silence alertname=SecretLife 1h', '/unsilence all', '/history'];
  for (const text of commands) telegram.sendUserMessage({ chatId: CHAT, fromId: CHAT, text });
  const answered = await telegram.waitForMessages(chatBefore + commands.length, { chatId: CHAT, timeoutMs: 30_000 }).then(
    () => true,
    () => false,
  );
  t.ok(answered, 'the bot answers every command');

  // InfluxDB goes away and comes back.
  await influx.stop();
  t.equal((await post()).status, 503, 'a webhook while InfluxDB is down: 503');
  t.equal((await client.send('GET', '/api/v1/notifications', auth)).status, 503, 'the history API: 503');
  t.equal((await client.send('GET', '/readyz')).status, 503, '/readyz: 503');
  await influx.restart();
  await waitFor('the bridge to be ready again', async () => (await client.send('GET', '/readyz')).status === 200, 30_000);
  // Alertmanager retries a 503; so does this, for as long as InfluxDB's client keeps the host shunned.
  let retries = 0;
  await waitFor('a webhook to be stored again', async () => (await post()).status === 200 || (retries++, false), 30_000, 250);
  t.pass(`webhooks are stored again (after ${retries} more 503s once /readyz said 200)`);
  figures.bridge_503_after_ready = retries;

  t.equal(await bridge.process.stop(), 0, 'exits 0 on SIGTERM');
  const output = bridge.process.output();
  figures.bridge_log_lines = output.split('\n').length;
  figures.bridge_secrets_found = assertClean(t, "the bridge's stdout and stderr", output, BRIDGE_SECRETS);
  // Not a log, but the same promise: credentials stay on this machine.
  figures.telegram_messages_with_secrets = assertClean(t, 'the messages sent to Telegram', JSON.stringify(telegram.messages()), BRIDGE_SECRETS);
});

t.test('the bridge: failed start-ups name the key, not the secret', async (t) => {
  const temp = await makeTempDir('hostile-secrets-start');
  t.teardown(temp.remove);
  const configFile = path.join(temp.path, 'bridge.yml');
  await writeFile(configFile, `auth_token: "${AUTH_TOKEN}\ninfluxdb_password: ${INFLUX_ENV_PASSWORD}\n`);
  const closedPort = await freePort();
  const runs: [string, Record<string, string>, string[]][] = [
    ['InfluxDB unreachable', { BRIDGE_AUTH_TOKEN: AUTH_TOKEN, INFLUXDB_URL: withCredentials(`http://127.0.0.1:${closedPort}`, 'hostwatch', INFLUX_URL_PASSWORD, '/db'), INFLUXDB_PASSWORD: INFLUX_ENV_PASSWORD }, []],
    ['InfluxDB URL with a bad scheme', { BRIDGE_AUTH_TOKEN: AUTH_TOKEN, INFLUXDB_URL: `ftp://hostwatch:${INFLUX_URL_PASSWORD}@127.0.0.1/db` }, []],
    ['InfluxDB URL with a query', { BRIDGE_AUTH_TOKEN: AUTH_TOKEN, INFLUXDB_URL: `http://hostwatch:${INFLUX_URL_PASSWORD}@127.0.0.1/db?x=1` }, []],
    ['a malformed bot token', { BRIDGE_AUTH_TOKEN: AUTH_TOKEN, TELEGRAM_BOT_TOKEN: `not a token ${BOT_SECRET}` }, []],
    ['an auth token with a space', { BRIDGE_AUTH_TOKEN: `${AUTH_TOKEN} x` }, []],
    ['a bad PROMETHEUS_URL', { BRIDGE_AUTH_TOKEN: AUTH_TOKEN, PROMETHEUS_URL: `http://prom:${PROMETHEUS_PASSWORD}@127.0.0.1:9090/?q=1` }, []],
    ['a config file with broken YAML', {}, ['--config', configFile]],
  ];
  let output = '';
  for (const [name, env, args] of runs) {
    const run = startProcess('node', [bridgeMain, ...args], { env: { ...CLEAN_BRIDGE_ENV, BRIDGE_LISTEN_ADDRESS: '127.0.0.1:0', BRIDGE_DATA_DIR: temp.path, ...env } });
    // An unreachable InfluxDB is waited for (60 s) rather than failed: what it logs meanwhile counts too.
    const code = await Promise.race([run.exited(), new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 8000))]);
    if (code === 'running') await run.stop();
    t.ok(code === 1 || (code === 'running' && name === 'InfluxDB unreachable'), `${name}: ${code === 1 ? 'exits 1' : 'waits'} (${run.output().trim().split('\n').at(-1)?.slice(0, 200)})`);
    output += run.output();
  }
  figures.failed_startups = runs.length;
  figures.startup_secrets_found = assertClean(t, 'the start-up errors', output, BRIDGE_SECRETS);
});

t.test('the exporter: basic auth, TLS and reloads at log level debug', async (t) => {
  const temp = await makeTempDir('hostile-secrets-exporter');
  t.teardown(temp.remove);
  const certs = await makeTestCertificates(temp.path);
  const password = 'exporter-S3CRET-8b9c0d';
  const hash = bcrypt.hashSync(password, 4);
  const plaintextByMistake = 'plaintext-S3CRET-9c0d1e';
  const keyText = await readFile(certs.server.key, 'utf8');
  const keyBody = keyText.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
  const secrets: NamedSecret[] = [
    ...basicCredentials('the basic-auth password', 'prometheus', password),
    { name: 'the bcrypt hash', value: hash },
    { name: 'a password written where a hash belongs', value: plaintextByMistake },
    { name: 'a wrong password', value: 'wrong-S3CRET-0d1e2f' },
    { name: 'the TLS private key', value: keyBody.slice(0, 40) },
  ];
  const webConfig = path.join(temp.path, 'web-config.yml');
  const writeConfig = (user: string, keyFile = 'server.key') =>
    writeFile(webConfig, `tls_server_config:\n  cert_file: server.crt\n  key_file: ${keyFile}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\nbasic_auth_users:\n  prometheus: ${user}\n`);
  await writeConfig(hash);
  const exporter = await startHostwatchExporter([`--web.config.file=${webConfig}`, '--log.level=debug', '--collector.disable-defaults', '--collector.loadavg'], { https: true });
  t.teardown(() => exporter.process.stop());
  const metrics = `${exporter.url}/metrics`;
  const ca = certs.ca.cert;

  t.match(await httpsGet(metrics, { ca, client: certs.client, headers: basic('prometheus', password) }), { status: 200 });
  t.match(await httpsGet(metrics, { ca, client: certs.client, headers: basic('prometheus', 'wrong-S3CRET-0d1e2f') }), { status: 401 });
  t.match(await httpsGet(metrics, { ca, client: certs.client, headers: basic('nobody', password) }), { status: 401 });
  t.ok('error' in (await httpsGet(metrics, { ca, headers: basic('prometheus', password) })), 'no client certificate: refused');
  t.ok('error' in (await httpsGet(metrics, { ca, client: certs.strangerClient, headers: basic('prometheus', password) })), 'another CA: refused');

  // Reloads that fail: a plaintext password where the hash belongs, then a key file that is not a key.
  await writeConfig(plaintextByMistake);
  exporter.process.child.kill('SIGHUP');
  await waitFor('the failed reload to be logged', async () => exporter.process.output().includes('reload failed'));
  await writeFile(path.join(temp.path, 'broken.key'), `-----BEGIN PRIVATE KEY-----\n${keyBody.slice(0, 40)}\n-----END PRIVATE KEY-----\n`);
  await writeConfig(hash, 'broken.key');
  exporter.process.child.kill('SIGHUP');
  await waitFor('the second failed reload', async () => exporter.process.output().split('reload failed').length > 2);
  t.match(await httpsGet(metrics, { ca, client: certs.client, headers: basic('prometheus', password) }), { status: 200 }, 'the config in force is kept');

  await exporter.process.stop();
  figures.exporter_secrets_found = assertClean(t, "the exporter's stdout and stderr", exporter.process.output(), secrets);
});
