import '../../src/collectors/index.js';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import type { SecureVersion } from 'node:tls';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { makeTestCertificates, type CertificateFiles } from '../../../test/helpers/certs.js';
import { makeTempDir } from '../../../test/helpers/processes.js';
import { parseCommandLine } from '../../src/cli.js';
import { startExporter, type RunningExporter } from '../../src/exporter.js';

const temp = await makeTempDir('web-config');
t.teardown(temp.remove);
const certs = await makeTestCertificates(temp.path);
const ALICE_HASH = bcrypt.hashSync('wonderland', 4);

let configCount = 0;

interface Started {
  readonly exporter: RunningExporter;
  readonly port: number;
  readonly file: string;
  readonly logLines: string[];
}

/** Starts the exporter in-process on a free loopback port with a web config file next to the certificates. */
async function startWith(tap: Test, yaml: string): Promise<Started> {
  configCount += 1;
  const file = path.join(temp.path, `web-config-${configCount}.yml`);
  await writeFile(file, yaml);
  const config = parseCommandLine(
    ['node', 'main', '--web.listen-address=127.0.0.1:0', `--web.config.file=${file}`, '--collector.disable-defaults', '--collector.loadavg'],
    true,
  );
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const exporter = await startExporter(config, logger);
  tap.teardown(() => exporter.close());
  const port = exporter.addresses[0]?.port;
  if (port === undefined) throw new Error('exporter has no address');
  return { exporter, port, file, logLines };
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface GetOptions {
  readonly path?: string;
  readonly auth?: string;
  readonly client?: CertificateFiles;
  readonly maxVersion?: SecureVersion;
  readonly ciphers?: string;
}

const pem = (file: string): Buffer => readFileSync(file);

/** One HTTPS GET on a connection of its own, trusting the test CA. */
function get(port: number, options: GetOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/metrics',
        agent: false,
        ca: pem(certs.ca.cert),
        ...(options.auth ? { auth: options.auth } : {}),
        ...(options.client ? { cert: pem(options.client.cert), key: pem(options.client.key) } : {}),
        ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
        ...(options.ciphers ? { ciphers: options.ciphers } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function plainGet(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/metrics', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const tlsWithAuth = `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
http_server_config:
  headers:
    X-Frame-Options: deny
    Content-Security-Policy: ""
basic_auth_users:
  alice: ${ALICE_HASH}
`;

t.test('TLS with basic auth', async (t) => {
  const { port, logLines } = await startWith(t, tlsWithAuth);

  t.test('serves metrics over https to a known user', async (t) => {
    const reply = await get(port, { auth: 'alice:wonderland' });
    t.equal(reply.status, 200);
    t.match(reply.body, /^node_load1 /m);
    t.equal(reply.headers['x-frame-options'], 'deny', 'configured header is added');
    t.notOk('content-security-policy' in reply.headers, 'a blank header is left unset');
  });

  t.test('refuses plain http', async (t) => {
    await t.rejects(plainGet(port));
  });

  for (const [what, auth] of [
    ['no credentials', undefined],
    ['a wrong password', 'alice:looking-glass'],
    ['an unknown user', 'bob:wonderland'],
  ] as const) {
    t.test(`answers 401 to ${what}`, async (t) => {
      const reply = await get(port, auth ? { auth } : {});
      t.equal(reply.status, 401);
      t.equal(reply.headers['www-authenticate'], 'Basic');
      t.equal(reply.headers['x-frame-options'], 'deny', 'headers go on refusals too');
      t.notMatch(reply.body, /node_load1/);
    });
  }

  t.test('logs that TLS is on', async (t) => {
    const listening = logLines.map((line) => JSON.parse(line) as { msg: string; tls?: boolean }).filter((l) => l.msg === 'listening');
    t.same(listening.map((l) => l.tls), [true]);
  });
});

const clientAuth = (type: string, extra = ''): string => `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_ca_file: ca.crt
  client_auth_type: ${type}
${extra}`;

t.test('RequireAndVerifyClientCert', async (t) => {
  const { port } = await startWith(t, clientAuth('RequireAndVerifyClientCert'));
  await t.rejects(get(port), 'a client without a certificate is refused');
  await t.rejects(get(port, { client: certs.strangerClient }), 'a certificate from another CA is refused');
  t.equal((await get(port, { client: certs.client })).status, 200, 'a certificate from the CA is accepted');
});

t.test('RequireAnyClientCert wants a certificate but does not verify it', async (t) => {
  const { port } = await startWith(t, `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: RequireAnyClientCert
`);
  await t.rejects(get(port));
  t.equal((await get(port, { client: certs.strangerClient })).status, 200);
});

t.test('VerifyClientCertIfGiven verifies only a certificate that is given', async (t) => {
  const { port } = await startWith(t, clientAuth('VerifyClientCertIfGiven'));
  t.equal((await get(port)).status, 200);
  await t.rejects(get(port, { client: certs.strangerClient }));
  t.equal((await get(port, { client: certs.client })).status, 200);
});

t.test('client_allowed_sans', async (t) => {
  const allowed = await startWith(t, clientAuth('RequireAndVerifyClientCert', '  client_allowed_sans: [spiffe://hostwatch.test/prometheus]'));
  t.equal((await get(allowed.port, { client: certs.client })).status, 200, 'a listed URI SAN is accepted');
  const other = await startWith(t, clientAuth('RequireAndVerifyClientCert', '  client_allowed_sans: [grafana.hostwatch.test]'));
  await t.rejects(get(other.port, { client: certs.client }), 'a verified certificate without a listed SAN is refused');
});

t.test('min_version TLS13 refuses a TLS 1.2 client', async (t) => {
  const { port } = await startWith(t, `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  min_version: TLS13
`);
  await t.rejects(get(port, { maxVersion: 'TLSv1.2' }));
  t.equal((await get(port, { maxVersion: 'TLSv1.3' })).status, 200);
});

t.test('cipher_suites limits TLS 1.2 to the listed suites', async (t) => {
  const { port } = await startWith(t, `
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  max_version: TLS12
  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]
`);
  await t.rejects(get(port, { ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' }));
  t.equal((await get(port, { ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).status, 200);
});

t.test('reload', async (t) => {
  const started = await startWith(t, tlsWithAuth);
  const { port, exporter, file } = started;

  t.test('picks up new users and client_auth_type', async (t) => {
    const bobHash = bcrypt.hashSync('builder', 4);
    await writeFile(file, `${clientAuth('RequireAndVerifyClientCert')}basic_auth_users:\n  bob: ${bobHash}\n`);
    await exporter.reloadWebConfig();
    await t.rejects(get(port, { auth: 'bob:builder' }), 'a client certificate is now required');
    t.equal((await get(port, { auth: 'alice:wonderland', client: certs.client })).status, 401, 'alice is gone');
    t.equal((await get(port, { auth: 'bob:builder', client: certs.client })).status, 200, 'bob is in');
  });

  t.test('keeps the current config when the file is broken', async (t) => {
    await writeFile(file, 'tls_server_config:\n  client_auth_type: Foo\n');
    await t.rejects(exporter.reloadWebConfig(), { name: 'ConfigError', message: /client_auth_type/ });
    t.equal((await get(port, { auth: 'bob:builder', client: certs.client })).status, 200);
  });

  t.test('does not turn TLS off', async (t) => {
    await writeFile(file, '');
    await t.rejects(exporter.reloadWebConfig(), /restart/);
    t.equal((await get(port, { auth: 'bob:builder', client: certs.client })).status, 200);
  });
});

t.test('a broken file stops the start with a ConfigError naming the key', async (t) => {
  await t.rejects(startWith(t, 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Foo\n'), {
    name: 'ConfigError',
    message: /^--web\.config\.file: tls_server_config\.client_auth_type: "Foo" is not one of /,
  });
  await t.rejects(startWith(t, 'tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n'), {
    message: /tls_server_config\.cert_file: .*missing\.crt/,
  });
});
