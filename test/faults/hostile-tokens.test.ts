import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import bcrypt from 'bcryptjs';
import t from 'tap';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { makeTestCertificates } from '../helpers/certs.js';
import { startHostwatchExporter } from '../helpers/exporters.js';
import { makeTempDir } from '../helpers/processes.js';
import { errorEnvelope, rawHttpClient } from './helpers/hostile-http.js';
import { quantile, timed } from './helpers/hostile-timing.js';
import { basic, httpsGet } from './helpers/hostile-tls.js';
import { recordResult } from './helpers/reliability-report.js';

// Credentials, hostile and almost right, against the built bridge (bearer token) and the built
// exporter (TLS with verified client certificates, then bcrypt basic auth). The timing probe only
// reports medians: the project forbids timing assertions, and the bridge compares sha256 digests with
// timingSafeEqual (alert-bridge/src/http/bearer-auth.ts), so no difference is expected.

const PROMISE = 'Only the right credentials get in, and guessing them leaks nothing';
const TOKEN = 'Tk7-hostile-Bearer-9f3c2a7e5d1b';
const TIMING_SAMPLES = 2000;
const b64 = (text: string): string => Buffer.from(text).toString('base64');
const swapCase = (text: string): string => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

const figures: Record<string, number | string> = {};
t.teardown(() => recordResult(PROMISE, 'hostile-tokens', figures));

t.test('the bridge: only `Bearer <the token>` passes', async (t) => {
  const temp = await makeTempDir('hostile-tokens');
  const bridge = await startBridgeProcess({ token: TOKEN, dataDir: temp.path });
  const client = rawHttpClient(bridge.url);
  t.teardown(async () => {
    client.close();
    await bridge.process.stop();
    await temp.remove();
  });

  const refused: Record<string, string | undefined> = {
    'no header': undefined,
    'wrong token': 'Bearer not-the-token',
    'empty bearer': 'Bearer ',
    'Basic with the token': `Basic ${b64(TOKEN)}`,
    'Basic with user:token': `Basic ${b64(`bridge:${TOKEN}`)}`,
    'Basic with token:': `Basic ${b64(`${TOKEN}:`)}`,
    'the token upper-cased': `Bearer ${TOKEN.toUpperCase()}`,
    'the token case-swapped': `Bearer ${swapCase(TOKEN)}`,
    'the token plus a character': `Bearer ${TOKEN}x`,
    'a character plus the token': `Bearer x${TOKEN}`,
    'the token less its last character': `Bearer ${TOKEN.slice(0, -1)}`,
    'the token less its first character': `Bearer ${TOKEN.slice(1)}`,
    'the token then another word': `Bearer ${TOKEN} extra`,
    'the token without a scheme': TOKEN,
    'another scheme': `Token ${TOKEN}`,
    'the token twice': `Bearer ${TOKEN},Bearer ${TOKEN}`,
  };
  const guarded: [string, string][] = [
    ['POST', '/webhook'],
    ['GET', '/api/v1/notifications'],
    ['GET', '/api/v1/notifications/'],
    ['GET', '/api/v2/anything'],
    ['GET', '/webhook/'],
    ['GET', '/nope'],
  ];
  let refusals = 0;
  for (const [method, where] of guarded) {
    for (const [name, header] of Object.entries(refused)) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(header === undefined ? {} : { Authorization: header }) };
      const response = await client.send(method, where, headers, method === 'POST' ? Buffer.from('{}') : undefined);
      t.equal(response.status, 401, `${method} ${where}, ${name}`);
      t.match(String(response.headers['www-authenticate']), /^Bearer realm="/, 'says how to authenticate');
      t.equal(errorEnvelope(response)?.status, 401);
      t.notOk(response.body.toString('utf8').includes(TOKEN.slice(4, -4)), 'and does not echo a token');
      refusals++;
    }
  }
  const inQuery = await client.send('GET', `/api/v1/notifications?access_token=${TOKEN}`);
  t.equal(inQuery.status, 401, 'the token in the query string is not a credential');
  refusals++;

  for (const [name, header] of Object.entries({ 'Bearer <token>': `Bearer ${TOKEN}`, 'bearer <token> (schemes are case-insensitive)': `bearer ${TOKEN}` })) {
    t.equal((await client.send('GET', '/api/v1/notifications', { Authorization: header })).status, 200, name);
  }
  for (const open of ['/healthz', '/readyz', '/metrics', '/openapi.json']) {
    t.equal((await client.send('GET', open)).status, 200, `${open} is public`);
  }

  // The same number of wrong guesses of each kind, interleaved, over one kept-alive connection.
  const farWrong = `Bearer ${[...TOKEN].map((c) => (c === 'z' ? 'y' : 'z')).join('')}`;
  const nearWrong = `Bearer ${TOKEN.slice(0, -1)}${TOKEN.endsWith('0') ? '1' : '0'}`;
  const samples = { far: [] as number[], near: [] as number[] };
  const statuses = new Set<number>();
  for (let i = 0; i < TIMING_SAMPLES; i++) {
    for (const kind of (i % 2 === 0 ? ['far', 'near'] : ['near', 'far']) as ('far' | 'near')[]) {
      const { micros, result } = await timed(() => client.send('GET', '/api/v1/notifications', { Authorization: kind === 'far' ? farWrong : nearWrong }));
      statuses.add(result.status);
      samples[kind].push(micros);
    }
  }
  t.same([...statuses], [401], `all ${2 * TIMING_SAMPLES} timing probes got 401`);
  Object.assign(figures, {
    bridge_refusals_checked: refusals,
    timing_samples_per_kind: TIMING_SAMPLES,
    timing_median_us_wrong_from_first_char: Math.round(quantile(samples.far, 0.5)),
    timing_median_us_wrong_only_last_char: Math.round(quantile(samples.near, 0.5)),
    timing_p90_us_wrong_from_first_char: Math.round(quantile(samples.far, 0.9)),
    timing_p90_us_wrong_only_last_char: Math.round(quantile(samples.near, 0.9)),
  });
  t.comment(`timing: ${JSON.stringify(figures)}`);
});

t.test('the exporter: a client certificate from its CA, then the right password', async (t) => {
  const temp = await makeTempDir('hostile-tokens-exporter');
  t.teardown(temp.remove);
  const certs = await makeTestCertificates(temp.path);
  const password = 'exporter-scrape-secret-41';
  const webConfig = path.join(temp.path, 'web-config.yml');
  await writeFile(
    webConfig,
    `tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
basic_auth_users:
  prometheus: ${bcrypt.hashSync(password, 4)}
`,
  );
  const exporter = await startHostwatchExporter([`--web.config.file=${webConfig}`, '--collector.disable-defaults', '--collector.loadavg'], { https: true });
  t.teardown(() => exporter.process.stop());
  const metrics = `${exporter.url}/metrics`;
  const ca = certs.ca.cert;

  const good = await httpsGet(metrics, { ca, client: certs.client, headers: basic('prometheus', password) });
  t.match(good, { status: 200 }, 'the right certificate and password: 200');

  const wrongAuth: Record<string, Record<string, string>> = {
    'a wrong password': basic('prometheus', 'guess'),
    'the password with different case': basic('prometheus', password.toUpperCase()),
    'the password plus a character': basic('prometheus', `${password}x`),
    'an unknown user with the password': basic('grafana', password),
    'no credentials': {},
    'the password as a bearer token': { Authorization: `Bearer ${password}` },
    'broken base64': { Authorization: 'Basic !!!' },
  };
  for (const [name, headers] of Object.entries(wrongAuth)) {
    const outcome = await httpsGet(metrics, { ca, client: certs.client, headers });
    t.match(outcome, { status: 401, headers: { 'www-authenticate': 'Basic' } }, `${name}: 401`);
  }

  const noCert = await httpsGet(metrics, { ca, headers: basic('prometheus', password) });
  t.ok('error' in noCert, `no client certificate: the handshake is refused (${JSON.stringify(noCert)})`);
  const stranger = await httpsGet(metrics, { ca, client: certs.strangerClient, headers: basic('prometheus', password) });
  t.ok('error' in stranger, `a certificate from another CA: refused (${JSON.stringify(stranger)})`);
  const serverCertAsClient = await httpsGet(metrics, { ca, client: certs.server, headers: basic('prometheus', password) });
  t.ok('error' in serverCertAsClient, `the server's own certificate (no clientAuth usage): refused (${JSON.stringify(serverCertAsClient)})`);
  const plain = await fetch(metrics.replace('https:', 'http:')).then(
    (response) => response.status,
    () => 'no answer',
  );
  t.not(plain, 200, `plain http on the TLS port gets no metrics (${plain})`);
  t.equal(exporter.process.child.exitCode, null, 'the exporter is still running');
  Object.assign(figures, { exporter_wrong_credentials_refused: Object.keys(wrongAuth).length, exporter_bad_certificates_refused: 3 });
});
