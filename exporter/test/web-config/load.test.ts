import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { makeTestCertificates } from '../../../test/helpers/certs.js';
import { makeTempDir } from '../../../test/helpers/processes.js';
import { loadWebConfig } from '../../src/web-config/load.js';

const temp = await makeTempDir('web-config-load');
t.teardown(temp.remove);
const certs = await makeTestCertificates(temp.path);
const serverCert = await readFile(certs.server.cert, 'utf8');
const serverKey = await readFile(certs.server.key, 'utf8');

let count = 0;
async function configFile(yaml: string, directory = temp.path): Promise<string> {
  count += 1;
  const file = path.join(directory, `web-${count}.yml`);
  await writeFile(file, yaml);
  return file;
}

const indent = (pem: string): string => pem.trim().replace(/^/gm, '    ');

t.test('relative paths are relative to the config file, not the working directory', async (t) => {
  t.not(process.cwd(), temp.path);
  const config = await loadWebConfig(await configFile('tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n'));
  t.equal(config.tls?.secureContext.cert, serverCert);
  t.equal(config.tls?.secureContext.key, serverKey);

  const nested = path.join(temp.path, 'conf.d');
  await mkdir(nested, { recursive: true });
  const up = await loadWebConfig(await configFile('tls_server_config:\n  cert_file: ../server.crt\n  key_file: ../server.key\n', nested));
  t.equal(up.tls?.secureContext.cert, serverCert);
});

t.test('absolute paths are taken as they are', async (t) => {
  const config = await loadWebConfig(
    await configFile(`tls_server_config:\n  cert_file: ${certs.server.cert}\n  key_file: ${certs.server.key}\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ${certs.ca.cert}\n`),
  );
  t.equal(config.tls?.secureContext.ca, await readFile(certs.ca.cert, 'utf8'));
  t.equal(config.tls?.clientAuth, 'RequireAndVerifyClientCert');
});

t.test('inline PEM', async (t) => {
  const config = await loadWebConfig(await configFile(`tls_server_config:\n  cert: |\n${indent(serverCert)}\n  key: |\n${indent(serverKey)}\n`));
  t.equal(config.tls?.secureContext.cert, serverCert);
});

t.test('a file that cannot be read is reported by key, with the resolved path', async (t) => {
  const file = await configFile('tls_server_config:\n  cert_file: server.crt\n  key_file: nowhere.key\n');
  await t.rejects(loadWebConfig(file), {
    name: 'ConfigError',
    message: `--web.config.file: tls_server_config.key_file: ENOENT: no such file or directory, open '${path.join(temp.path, 'nowhere.key')}'`,
  });
  await t.rejects(loadWebConfig(path.join(temp.path, 'absent.yml')), { message: /^--web\.config\.file: ENOENT/ });
});

t.test('a key that does not belong to the certificate is refused', async (t) => {
  const file = await configFile('tls_server_config:\n  cert_file: server.crt\n  key_file: client.key\n');
  await t.rejects(loadWebConfig(file), { message: /^--web\.config\.file: tls_server_config: failed to load the certificate and key/ });
});

t.test('a client CA file without a certificate is refused', async (t) => {
  await writeFile(path.join(temp.path, 'empty-ca.crt'), 'not a certificate\n');
  const file = await configFile(
    'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: empty-ca.crt\n',
  );
  await t.rejects(loadWebConfig(file), { message: 'tls_server_config.client_ca_file: no PEM certificate found' });
});

t.test('basic auth users and headers come through without TLS', async (t) => {
  const hash = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
  const config = await loadWebConfig(await configFile(`basic_auth_users:\n  alice: ${hash}\nhttp_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n`));
  t.equal(config.tls, undefined);
  t.same([...config.users], [['alice', hash]]);
  t.same(config.headers, { 'X-Content-Type-Options': 'nosniff' });
});
