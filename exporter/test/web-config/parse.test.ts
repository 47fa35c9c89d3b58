import t from 'tap';
import { parseWebConfig, parseYaml } from '../../src/web-config/parse.js';

const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
const TLS = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';

t.test('an empty file is plain HTTP without auth, as in exporter-toolkit', async (t) => {
  t.same(parseWebConfig(''), { http2: true, headers: {}, users: new Map() });
  t.same(parseWebConfig('tls_server_config:\nhttp_server_config: ~\nbasic_auth_users:\n'), { http2: true, headers: {}, users: new Map() });
});

t.test('fills in exporter-toolkit defaults', async (t) => {
  t.same(parseWebConfig(TLS).tls, {
    cert: { file: 'server.crt' },
    key: { file: 'server.key' },
    clientAuth: 'NoClientCert',
    minVersion: 'TLS12',
    maxVersion: 'TLS13',
    preferServerCipherSuites: true,
  });
});

t.test('errors are ConfigErrors for --web.config.file, by key', async (t) => {
  t.throws(() => parseWebConfig(`${TLS}  client_auth_type: Foo\n`), {
    name: 'ConfigError',
    key: '--web.config.file',
    message: /^--web\.config\.file: tls_server_config\.client_auth_type: "Foo" is not one of NoClientCert, /,
  });
  t.throws(() => parseWebConfig(`${TLS}  unknown: 1\n`), { message: /tls_server_config\.unknown: unknown key/ });
  t.throws(() => parseWebConfig('http_server_config:\n  http3: true\n'), { message: /http_server_config\.http3: unknown key/ });
});

t.test('reads YAML as Go yaml.v2 does', async (t) => {
  t.equal(parseWebConfig('http_server_config:\n  http2: no\n').http2, false, 'YAML 1.1 booleans');
  t.same(parseWebConfig('http_server_config:\n  headers:\n    X-XSS-Protection: 0\n').headers, { 'X-XSS-Protection': '0' }, 'a number is text');
  t.same([...parseWebConfig(`basic_auth_users:\n  1234: ${HASH}\n`).users.keys()], ['1234']);
  t.same(parseYaml('a: 2024-01-01\nb: 1.50\n'), { a: '2024-01-01', b: '1.50' });
  t.throws(() => parseWebConfig('basic_auth_users:\n  alice: x\n  alice: y\n'), { message: /invalid YAML: Map keys must be unique at line 3/ });
  t.throws(() => parseWebConfig('tls_server_config: [\n'), { message: /invalid YAML/ });
});

t.test('blank headers are left unset', async (t) => {
  t.same(parseWebConfig('http_server_config:\n  headers:\n    Content-Security-Policy: ""\n    X-Frame-Options: deny\n').headers, {
    'X-Frame-Options': 'deny',
  });
});

t.test('TLS is on only once a certificate, key, CA or client_auth_type is set', async (t) => {
  t.equal(parseWebConfig('tls_server_config:\n  min_version: TLS13\n').tls, undefined);
  t.throws(() => parseWebConfig('tls_server_config:\n  cert_file: server.crt\n'), { message: 'tls_server_config: missing one of key or key_file' });
  t.throws(() => parseWebConfig('tls_server_config:\n  key_file: server.key\n'), { message: 'tls_server_config: missing one of cert or cert_file' });
  t.throws(() => parseWebConfig('tls_server_config:\n  client_auth_type: RequestClientCert\n'), { message: /missing one of cert or cert_file/ });
});

t.test('takes inline PEM, and prefers the file when both are given', async (t) => {
  const tls = parseWebConfig('tls_server_config:\n  cert: CERT\n  key: KEY\n  key_file: server.key\n').tls;
  t.same([tls?.cert, tls?.key], [{ inline: 'CERT' }, { file: 'server.key' }]);
});

t.test('client_auth_type rules', async (t) => {
  t.equal(parseWebConfig(`${TLS}  client_auth_type: RequireClientCert\n`).tls?.clientAuth, 'RequireAnyClientCert', 'the old name');
  t.equal(parseWebConfig(`${TLS}  client_auth_type: ""\n`).tls?.clientAuth, 'NoClientCert');
  t.throws(() => parseWebConfig(`${TLS}  client_ca_file: ca.crt\n`), {
    message: /tls_server_config\.client_ca_file: client CAs are configured without a client_auth_type/,
  });
  for (const type of ['VerifyClientCertIfGiven', 'RequireAndVerifyClientCert']) {
    t.throws(() => parseWebConfig(`${TLS}  client_auth_type: ${type}\n`), { message: new RegExp(`client_auth_type: ${type} needs client_ca_file`) });
    t.equal(parseWebConfig(`${TLS}  client_auth_type: ${type}\n  client_ca_file: ca.crt\n`).tls?.clientAuth, type);
  }
  t.equal(parseWebConfig(`${TLS}  client_auth_type: RequireAnyClientCert\n`).tls?.clientAuth, 'RequireAnyClientCert', 'no CA needed');
});

t.test('client_allowed_sans needs a policy that requires a certificate', async (t) => {
  const policies = {
    NoClientCert: '',
    RequestClientCert: '  client_auth_type: RequestClientCert\n',
    VerifyClientCertIfGiven: '  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n',
  };
  for (const [type, lines] of Object.entries(policies)) {
    t.throws(() => parseWebConfig(`${TLS}${lines}  client_allowed_sans: [a]\n`), {
      message: /client_allowed_sans: requires client_auth_type to be one of RequireAnyClientCert or RequireAndVerifyClientCert/,
    }, type);
  }
  t.same(parseWebConfig(`${TLS}  client_auth_type: RequireAnyClientCert\n  client_allowed_sans: [a]\n`).tls?.clientAllowedSans, ['a']);
});

t.test('min_version may not exceed max_version', async (t) => {
  t.throws(() => parseWebConfig(`${TLS}  min_version: TLS13\n  max_version: TLS12\n`), { message: /min_version: TLS13 is above max_version TLS12/ });
  t.equal(parseWebConfig(`${TLS}  min_version: TLS10\n  max_version: TLS10\n`).tls?.maxVersion, 'TLS10');
});

t.test('rate_limit is refused as unsupported', async (t) => {
  t.throws(() => parseWebConfig('rate_limit:\n  interval: 1s\n  burst: 5\n'), { message: /rate_limit: not supported by hostwatch-exporter/ });
});

t.test('a file of aliases that expands without end is an error, not a hang', async (t) => {
  const names = 'abcdefghi';
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < names.length; i += 1) {
    lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(', ')}]`);
  }
  t.throws(() => parseWebConfig(`${lines.join('\n')}\n`), { name: 'ConfigError', message: /invalid YAML: Excessive alias count/ });
});
