import t from 'tap';
import { checkWebConfigDocument, keyPath } from '../../src/web-config/schema.js';

const violation = (document: unknown): string | undefined => {
  const checked = checkWebConfigDocument(document);
  return 'violation' in checked ? checked.violation : undefined;
};

const HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

t.test('accepts every documented key', async (t) => {
  const document = {
    tls_server_config: {
      cert: 'PEM',
      key: 'PEM',
      client_ca: 'PEM',
      cert_file: 'server.crt',
      key_file: 'server.key',
      client_auth_type: 'RequireAndVerifyClientCert',
      client_ca_file: 'ca.crt',
      cipher_suites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
      curve_preferences: ['X25519', 'CurveP256'],
      min_version: 'TLS12',
      max_version: 'TLS13',
      prefer_server_cipher_suites: false,
      client_allowed_sans: ['scraper.example'],
    },
    http_server_config: {
      http2: false,
      headers: {
        'Content-Security-Policy': "default-src 'self'",
        'X-Frame-Options': 'sameorigin',
        'X-Content-Type-Options': 'nosniff',
        'X-XSS-Protection': '1; mode=block',
        'Strict-Transport-Security': 'max-age=31536000',
      },
    },
    basic_auth_users: { alice: HASH },
  };
  t.same(checkWebConfigDocument(document), { document });
});

t.test('names an unknown key by its path and lists the known ones', async (t) => {
  t.equal(
    violation({ tls_server_config: { cert_file: 'a', certfile: 'b' } }),
    'tls_server_config.certfile: unknown key (known keys: cert, key, client_ca, cert_file, key_file, client_auth_type, ' +
      'client_ca_file, cipher_suites, curve_preferences, min_version, max_version, prefer_server_cipher_suites, client_allowed_sans)',
  );
  t.match(violation({ basic_auth: {} }), /^basic_auth: unknown key \(known keys: tls_server_config, /);
});

t.test('says which values an enumeration takes', async (t) => {
  t.equal(
    violation({ tls_server_config: { client_auth_type: 'Foo' } }),
    'tls_server_config.client_auth_type: "Foo" is not one of NoClientCert, RequestClientCert, RequireAnyClientCert, ' +
      'VerifyClientCertIfGiven, RequireAndVerifyClientCert, RequireClientCert',
  );
  t.match(violation({ tls_server_config: { min_version: 'TLS14' } }), /^tls_server_config\.min_version: "TLS14" is not one of TLS10, TLS11, TLS12, TLS13$/);
  t.match(violation({ tls_server_config: { cipher_suites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'RC4'] } }), /^tls_server_config\.cipher_suites\[1\]: "RC4" is not one of /);
  t.match(violation({ tls_server_config: { curve_preferences: ['CurveP224'] } }), /^tls_server_config\.curve_preferences\[0\]: "CurveP224" is not one of CurveP256, CurveP384, CurveP521, X25519$/);
});

t.test('allows only exporter-toolkit headers, some only with fixed values', async (t) => {
  t.match(violation({ http_server_config: { headers: { 'X-Powered-By': 'me' } } }), /^http_server_config\.headers\.X-Powered-By: unknown key/);
  t.match(violation({ http_server_config: { headers: { 'x-frame-options': 'deny' } } }), /unknown key/, 'header names are case-sensitive');
  t.equal(violation({ http_server_config: { headers: { 'X-Frame-Options': 'allow' } } }), 'http_server_config.headers.X-Frame-Options: "allow" is not one of deny, sameorigin');
  t.equal(violation({ http_server_config: { headers: { 'X-Content-Type-Options': '' } } }), 'http_server_config.headers.X-Content-Type-Options: "" is not one of nosniff');
});

t.test('rejects a value that is not a bcrypt hash without echoing it', async (t) => {
  const reason = violation({ basic_auth_users: { alice: 'plaintext-password' } });
  t.match(reason, /^basic_auth_users\.alice: is not a bcrypt hash/);
  t.notMatch(reason, /plaintext-password/);
  t.match(violation({ basic_auth_users: { alice: HASH.replace('$10$', '$03$') } }), /is not a bcrypt hash/, 'cost below 4');
  for (const prefix of ['$2a$', '$2b$', '$2y$']) {
    t.equal(violation({ basic_auth_users: { alice: HASH.replace('$2y$', prefix) } }), undefined, `${prefix} is accepted`);
  }
});

t.test('reports types by key', async (t) => {
  t.equal(violation([]), '(top level): expected a mapping');
  t.equal(violation({ tls_server_config: 'yes' }), 'tls_server_config: expected a mapping');
  t.equal(violation({ tls_server_config: { client_allowed_sans: 'a' } }), 'tls_server_config.client_allowed_sans: expected a list');
  t.equal(violation({ http_server_config: { http2: 'maybe' } }), 'http_server_config.http2: expected true or false');
  t.equal(violation({ basic_auth_users: { alice: null } }), 'basic_auth_users.alice: expected a string');
});

t.test('keyPath writes list indexes in brackets and map keys after dots', async (t) => {
  const document = { a: { '0': ['x', 'y'], 'b/c': 1 } };
  t.equal(keyPath('/a/0/1', document), 'a.0[1]');
  t.equal(keyPath('/a/b~1c', document), 'a.b/c');
  t.equal(keyPath('', document), '(top level)');
});
