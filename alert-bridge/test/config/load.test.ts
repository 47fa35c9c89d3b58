import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { makeTempDir } from '../../../test/helpers/processes.js';
import { loadConfig } from '../../src/config/load.js';

const temp = await makeTempDir('bridge-config');
t.teardown(temp.remove);

let count = 0;
async function file(name: string, text: string, directory = temp.path): Promise<string> {
  count += 1;
  const full = path.join(directory, `${count}-${name}`);
  await writeFile(full, text);
  return full;
}

const TOKEN = { BRIDGE_AUTH_TOKEN: 'env-token' };

t.test('defaults: loopback port 9095, the embedded store, info', async (t) => {
  const config = await loadConfig({ env: { ...TOKEN, BRIDGE_DATA_DIR: '/srv/bridge' } });
  t.same(config, {
    listen: { host: '127.0.0.1', port: 9095 },
    authToken: 'env-token',
    dataDir: '/srv/bridge',
    logLevel: 'info',
  });
});

t.test('the YAML file, with environment variables winning key by key', async (t) => {
  const yaml = await file(
    'bridge.yml',
    'listen_address: ":9999"\nauth_token: file-token\ninfluxdb_url: http://influx:8086/history\ninfluxdb_retention: 52w\ndata_dir: state\nlog_level: debug\n',
  );
  const fromFile = await loadConfig({ configFile: yaml, env: {} });
  t.same(fromFile, {
    listen: { host: '', port: 9999 },
    authToken: 'file-token',
    influxdb: { url: 'http://influx:8086/history', database: 'history', retention: '52w' },
    dataDir: path.join(temp.path, 'state'),
    logLevel: 'debug',
  });
  const env = {
    BRIDGE_LISTEN_ADDRESS: '[::1]:9096',
    BRIDGE_AUTH_TOKEN: 'env-token',
    INFLUXDB_URL: 'https://user:p%40ss@db.example.net:8086/hw',
    INFLUXDB_RETENTION: '90d',
    BRIDGE_DATA_DIR: 'relative',
    BRIDGE_LOG_LEVEL: 'warn',
  };
  const fromEnv = await loadConfig({ configFile: yaml, env, cwd: '/work/dir' });
  t.same(fromEnv, {
    listen: { host: '::1', port: 9096 },
    authToken: 'env-token',
    influxdb: { url: 'https://user:p%40ss@db.example.net:8086/hw', database: 'hw', retention: '90d' },
    dataDir: '/work/dir/relative',
    logLevel: 'warn',
  });
  const blank = await loadConfig({ configFile: yaml, env: { BRIDGE_LISTEN_ADDRESS: '', BRIDGE_LOG_LEVEL: '' } });
  t.match(blank, { listen: { port: 9999 }, logLevel: 'debug' }, 'an empty variable counts as unset');
});

t.test('token files: trimmed, relative to the config file; either env form replaces the file forms', async (t) => {
  const dir = path.join(temp.path, 'conf.d');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'token'), 'from-file\n');
  const yaml = await file('bridge.yml', 'auth_token_file: token\n', dir);
  t.equal((await loadConfig({ configFile: yaml, env: {} })).authToken, 'from-file');
  const envFile = await file('env-token', '  padded-token \r\n');
  t.equal((await loadConfig({ configFile: yaml, env: { BRIDGE_AUTH_TOKEN_FILE: envFile } })).authToken, 'padded-token');
  const both = await file('both.yml', 'auth_token: a\nauth_token_file: token\n', dir);
  t.equal((await loadConfig({ configFile: both, env: TOKEN })).authToken, 'env-token', 'the environment wins over both file forms');
});

t.test('InfluxDB credentials apart from the URL, the password from a file', async (t) => {
  const password = await file('influx-password', 'pa ss\n');
  const yaml = await file('influx.yml', `influxdb_url: http://influx:8086/hw\ninfluxdb_username: bridge\ninfluxdb_password_file: ${password}\n`);
  t.same((await loadConfig({ configFile: yaml, env: TOKEN })).influxdb, {
    url: 'http://influx:8086/hw',
    database: 'hw',
    retention: '400d',
    username: 'bridge',
    password: 'pa ss',
  });
  const env = { ...TOKEN, INFLUXDB_USERNAME: 'other', INFLUXDB_PASSWORD: 'from-env' };
  t.match((await loadConfig({ configFile: yaml, env })).influxdb, { username: 'other', password: 'from-env' });
  await t.rejects(loadConfig({ env: { ...TOKEN, INFLUXDB_URL: 'http://h/db', INFLUXDB_PASSWORD: 'a', INFLUXDB_PASSWORD_FILE: password } }), {
    message: 'INFLUXDB_PASSWORD_FILE: INFLUXDB_PASSWORD and INFLUXDB_PASSWORD_FILE are both set; give only one',
  });
});

t.test('errors name the key', async (t) => {
  const cases: [string, () => Promise<unknown>, string | RegExp][] = [
    ['no token', () => loadConfig({ env: {} }), /^BRIDGE_AUTH_TOKEN: missing: set BRIDGE_AUTH_TOKEN or BRIDGE_AUTH_TOKEN_FILE/],
    [
      'both env forms',
      () => loadConfig({ env: { BRIDGE_AUTH_TOKEN: 'a', BRIDGE_AUTH_TOKEN_FILE: '/x' } }),
      'BRIDGE_AUTH_TOKEN_FILE: BRIDGE_AUTH_TOKEN and BRIDGE_AUTH_TOKEN_FILE are both set; give only one',
    ],
    [
      'both file forms',
      async () => loadConfig({ configFile: await file('both.yml', 'auth_token: a\nauth_token_file: /x\n'), env: {} }),
      'auth_token_file: auth_token and auth_token_file are both set; give only one',
    ],
    ['an unreadable token file', () => loadConfig({ env: { BRIDGE_AUTH_TOKEN_FILE: path.join(temp.path, 'absent') } }), /^BRIDGE_AUTH_TOKEN_FILE: cannot read the file: ENOENT/],
    ['an empty token file', async () => loadConfig({ env: { BRIDGE_AUTH_TOKEN_FILE: await file('empty', '\n') } }), 'BRIDGE_AUTH_TOKEN_FILE: the file is empty'],
    ['a token with a space', () => loadConfig({ env: { BRIDGE_AUTH_TOKEN: 'two words' } }), /^BRIDGE_AUTH_TOKEN: contains whitespace or control characters/],
    ['a bad listen address', () => loadConfig({ env: { ...TOKEN, BRIDGE_LISTEN_ADDRESS: 'x' } }), /^BRIDGE_LISTEN_ADDRESS: "x" is not host:port/],
    ['a bad listen address in the file', async () => loadConfig({ configFile: await file('l.yml', 'listen_address: "9095"\n'), env: TOKEN }), /^listen_address: "9095" is not host:port/],
    ['a bad InfluxDB URL', () => loadConfig({ env: { ...TOKEN, INFLUXDB_URL: 'influx:8086' } }), /^INFLUXDB_URL: scheme must be http or https/],
    ['a bad retention', () => loadConfig({ env: { ...TOKEN, INFLUXDB_RETENTION: '1 year' } }), 'INFLUXDB_RETENTION: "1 year" is not an InfluxDB duration (e.g. 400d, 52w or INF)'],
    ['a bad log level', () => loadConfig({ env: { ...TOKEN, BRIDGE_LOG_LEVEL: 'verbose' } }), /^BRIDGE_LOG_LEVEL: "verbose" is not one of trace, debug/],
    ['a missing config file', () => loadConfig({ configFile: path.join(temp.path, 'absent.yml'), env: TOKEN }), /^--config: ENOENT/],
    ['an unknown key', async () => loadConfig({ configFile: await file('u.yml', 'listen_adress: ":1"\n'), env: TOKEN }), /^listen_adress: unknown key \(known keys: listen_address, auth_token/],
    ['a mistyped key', async () => loadConfig({ configFile: await file('m.yml', 'data_dir: [a]\n'), env: TOKEN }), 'data_dir: expected a string'],
    ['a bad level in the file', async () => loadConfig({ configFile: await file('v.yml', 'log_level: loud\n'), env: TOKEN }), /^log_level: "loud" is not one of trace/],
  ];
  for (const [name, load, message] of cases) {
    await t.rejects(load(), { name: 'ConfigError', message }, name);
  }
});

t.test('a token file without read permission names the key, not the token', { skip: process.getuid?.() === 0 && 'root reads any file' }, async (t) => {
  const secret = await file('locked', 'very-secret');
  await chmod(secret, 0o000);
  await t.rejects(loadConfig({ env: { BRIDGE_AUTH_TOKEN_FILE: secret } }), { message: /^BRIDGE_AUTH_TOKEN_FILE: cannot read the file: EACCES/ });
});

t.test('error messages never echo a token', async (t) => {
  const secret = 'tok en-with-space';
  const error = await loadConfig({ env: { BRIDGE_AUTH_TOKEN: secret } }).catch((caught: unknown) => caught as Error);
  t.type(error, Error);
  t.notMatch((error as Error).message, 'tok en');
});

t.test('Telegram: token, chats, allow-lists, routes and upstream URLs from env and file', async (t) => {
  const tokenFile = await file('bot-token', '123456:ABC-def_ghi\n');
  const yaml = await file(
    'telegram.yml',
    [
      'telegram_bot_token_file: ' + path.basename(tokenFile),
      'telegram_chat_id: -1001234567890',
      'telegram_allowed_chat_ids: [42, "-100777"]',
      'telegram_routes:',
      '  - matchers: [\'team="db"\']',
      '    chat_id: -100555',
      '    thread_id: 3',
      'prometheus_url: http://user:pass@127.0.0.1:9090/',
      '',
    ].join('\n'),
  );
  const config = await loadConfig({ configFile: yaml, env: { ...TOKEN, TELEGRAM_ALLOWED_USER_IDS: '7, 8', ALERTMANAGER_URL: 'http://127.0.0.1:9093' } });
  t.same(config.telegram, {
    botToken: '123456:ABC-def_ghi',
    apiUrl: 'https://api.telegram.org',
    defaultChat: { chatId: '-1001234567890' },
    routes: [{ matchers: ['team="db"'], destination: { chatId: '-100555', threadId: 3 }, continue: false }],
    allowedChatIds: new Set(['42', '-100777', '-1001234567890', '-100555']),
    allowedUserIds: new Set(['7', '8']),
  });
  t.equal(config.prometheusUrl, 'http://user:pass@127.0.0.1:9090');
  t.equal(config.alertmanagerUrl, 'http://127.0.0.1:9093');
  const fromEnv = await loadConfig({ env: { ...TOKEN, TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_CHAT_ID: '-100123:9', TELEGRAM_API_URL: 'http://127.0.0.1:8081' } });
  t.same(fromEnv.telegram?.defaultChat, { chatId: '-100123', threadId: 9 }, 'a forum topic as the default');
  t.equal(fromEnv.telegram?.apiUrl, 'http://127.0.0.1:8081');
  t.equal((await loadConfig({ env: TOKEN })).telegram, undefined, 'no token: no Telegram');
});

t.test('Telegram settings that are wrong stop start-up, naming the key and never the token', async (t) => {
  const bad = async (env: Record<string, string>, key: RegExp) => {
    const error = await loadConfig({ env: { ...TOKEN, TELEGRAM_BOT_TOKEN: '123:secret-part', ...env } }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    t.match(error, { name: 'ConfigError', message: key });
    t.notMatch(error?.message ?? '', /secret-part/);
  };
  await bad({ TELEGRAM_BOT_TOKEN: 'not a token secret-part' }, /^TELEGRAM_BOT_TOKEN: is not a bot token/);
  await bad({ TELEGRAM_CHAT_ID: 'general' }, /^TELEGRAM_CHAT_ID: "general" is not a Telegram chat id/);
  await bad({ TELEGRAM_ALLOWED_CHAT_IDS: '1,x' }, /^TELEGRAM_ALLOWED_CHAT_IDS: "x"/);
  await bad({ TELEGRAM_ALLOWED_USER_IDS: '-5' }, /^TELEGRAM_ALLOWED_USER_IDS: "-5" is not a Telegram user id/);
  await bad({ TELEGRAM_API_URL: 'ftp://x' }, /^TELEGRAM_API_URL: must be http or https/);
  await bad({ PROMETHEUS_URL: 'nope' }, /^PROMETHEUS_URL: is not a URL/);
});
