import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { bridgeMain, CLEAN_BRIDGE_ENV } from './helpers/bridge-process.js';
import { freePort } from './helpers/ports.js';
import { makeTempDir, startProcess, waitForHttp } from './helpers/processes.js';

const fixtures = new URL('../../shared/fixtures/alertmanager-0.25/', import.meta.url);

/** request-headers.txt as Alertmanager sent them, minus Host and Content-Length, which fetch sets. */
async function fixtureHeaders(): Promise<Record<string, string>> {
  const text = await readFile(new URL('request-headers.txt', fixtures), 'utf8');
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((line) => line.includes(':') && !/^(host|content-length):/i.test(line))
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
  );
}

t.test('stores what Alertmanager posts, serves it back, and exits 0 on SIGTERM', async (t) => {
  const temp = await makeTempDir('bridge-cli');
  t.teardown(temp.remove);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bridge = startProcess('node', [bridgeMain], {
    env: { ...CLEAN_BRIDGE_ENV, BRIDGE_AUTH_TOKEN: 's3cret', BRIDGE_LISTEN_ADDRESS: `127.0.0.1:${port}`, BRIDGE_DATA_DIR: temp.path },
  });
  t.teardown(() => bridge.stop());
  await waitForHttp(`${url}/readyz`, bridge);

  const headers = await fixtureHeaders();
  t.equal(headers.Authorization, 'Bearer s3cret', 'the captured token, which this bridge was given');
  const body = await readFile(new URL('firing-single.json', fixtures), 'utf8');
  for (const expected of [{ stored: 1, duplicates: 0 }, { stored: 0, duplicates: 1 }]) {
    const response = await fetch(`${url}/webhook`, { method: 'POST', headers, body });
    t.equal(response.status, 200);
    t.same(await response.json(), expected);
  }

  const history = await fetch(`${url}/api/v1/notifications?alertname=HostHighMemoryUsage`, { headers: { Authorization: 'Bearer s3cret' } });
  t.equal(history.status, 200);
  t.match(await history.json(), {
    notifications: [{ status: 'firing', alertname: 'HostHighMemoryUsage', instance: '127.0.0.1:19100', fingerprint: '465df784cea2cd3c', receiver: 'bridge' }],
    next_cursor: null,
  });
  t.equal((await fetch(`${url}/api/v1/notifications`)).status, 401);

  t.equal(await bridge.stop(), 0, 'exit code 0 after SIGTERM');
  t.match(bridge.output(), /"msg":"listening"/);
  t.match(bridge.output(), /"msg":"shutting down"/);
  t.notMatch(bridge.output(), 's3cret', 'the token is never logged');
});

t.test('a --config file with a token file; the history survives a restart', async (t) => {
  const temp = await makeTempDir('bridge-cli-config');
  t.teardown(temp.remove);
  const port = await freePort();
  await writeFile(path.join(temp.path, 'token'), 'from-a-file\n');
  const config = path.join(temp.path, 'bridge.yml');
  await writeFile(config, `listen_address: 127.0.0.1:${port}\nauth_token_file: token\ndata_dir: data\nlog_level: warn\n`);
  const url = `http://127.0.0.1:${port}`;
  const body = await readFile(new URL('resolved-single.json', fixtures), 'utf8');
  const headers = { Authorization: 'Bearer from-a-file', 'Content-Type': 'application/json' };

  const first = startProcess('node', [bridgeMain, '--config', config], { env: CLEAN_BRIDGE_ENV });
  t.teardown(() => first.stop());
  await waitForHttp(`${url}/healthz`, first);
  t.same(await (await fetch(`${url}/webhook`, { method: 'POST', headers, body })).json(), { stored: 1, duplicates: 0 });
  t.equal(await first.stop(), 0);

  const second = startProcess('node', [bridgeMain, '--config', config], { env: CLEAN_BRIDGE_ENV });
  t.teardown(() => second.stop());
  await waitForHttp(`${url}/healthz`, second);
  t.same(await (await fetch(`${url}/webhook`, { method: 'POST', headers, body })).json(), { stored: 0, duplicates: 1 }, 'stored before the restart');
  t.equal(await second.stop(), 0);
  t.notMatch(second.output(), /"level":30/, 'log_level: warn from the file');
});

t.test('bad configuration exits 1 with a message naming the key', async (t) => {
  const temp = await makeTempDir('bridge-cli-bad');
  t.teardown(temp.remove);
  const run = (env: Record<string, string>, args: string[] = []) =>
    spawnSync('node', [bridgeMain, ...args], { encoding: 'utf8', env: { ...process.env, ...CLEAN_BRIDGE_ENV, BRIDGE_DATA_DIR: temp.path, ...env } });
  const cases: [Record<string, string>, string[], RegExp][] = [
    [{ BRIDGE_AUTH_TOKEN: 'x', BRIDGE_LISTEN_ADDRESS: 'x' }, [], /^hostwatch-alert-bridge: configuration error: BRIDGE_LISTEN_ADDRESS: "x" is not host:port/],
    [{}, [], /^hostwatch-alert-bridge: configuration error: BRIDGE_AUTH_TOKEN: missing/],
    [{ BRIDGE_AUTH_TOKEN: 'x', INFLUXDB_URL: 'localhost' }, [], /^hostwatch-alert-bridge: configuration error: INFLUXDB_URL: /],
    [{ BRIDGE_AUTH_TOKEN: 'x' }, ['--config', path.join(temp.path, 'absent.yml')], /^hostwatch-alert-bridge: configuration error: --config: ENOENT/],
    [{ BRIDGE_AUTH_TOKEN: 'x' }, ['--listen', ':1'], /^hostwatch-alert-bridge: configuration error: command line: Unknown option '--listen'/],
  ];
  for (const [env, args, message] of cases) {
    const result = run(env, args);
    t.equal(result.status, 1, message.source);
    t.match(result.stderr, message);
  }
  const help = run({}, ['--help']);
  t.equal(help.status, 0);
  t.match(help.stdout, /BRIDGE_AUTH_TOKEN\[_FILE\]/);
});
