import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { getCiphers, type TLSSocket } from 'node:tls';
import t from 'tap';
import { makeTestCertificates } from '../../../test/helpers/certs.js';
import { makeTempDir } from '../../../test/helpers/processes.js';
import type { ParsedTls } from '../../src/web-config/parse.js';
import { buildTlsSettings, clientCertificateProblem, tlsServerOptions, type TlsSettings } from '../../src/web-config/tls.js';
import { CIPHER_SUITES, CURVES, type ClientAuthType } from '../../src/web-config/tls-names.js';

const temp = await makeTempDir('web-config-tls');
t.teardown(temp.remove);
const certs = await makeTestCertificates(temp.path);
const pems = { cert: await readFile(certs.server.cert, 'utf8'), key: await readFile(certs.server.key, 'utf8') };
const ca = await readFile(certs.ca.cert, 'utf8');
const clientCertificate = new X509Certificate(await readFile(certs.client.cert));

const base: ParsedTls = {
  cert: { file: 'server.crt' },
  key: { file: 'server.key' },
  clientAuth: 'NoClientCert',
  minVersion: 'TLS12',
  maxVersion: 'TLS13',
  preferServerCipherSuites: true,
};

t.test('every OpenSSL cipher name in the table is one OpenSSL knows', async (t) => {
  const known = new Set(getCiphers());
  for (const openssl of Object.values(CIPHER_SUITES)) {
    if (openssl !== null) t.ok(known.has(openssl.toLowerCase()), openssl);
  }
});

t.test('maps versions, ciphers, curves and cipher order to Node options', async (t) => {
  const settings = buildTlsSettings(
    {
      ...base,
      minVersion: 'TLS10',
      maxVersion: 'TLS12',
      cipherSuites: ['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
      curvePreferences: ['X25519', 'CurveP384'],
      preferServerCipherSuites: false,
    },
    pems,
  );
  t.match(settings.secureContext, {
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.2',
    ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305',
    ecdhCurve: `${CURVES.X25519}:${CURVES.CurveP384}`,
    honorCipherOrder: false,
  });
});

t.test('TLS 1.3 suite names alone leave the default ciphers', async (t) => {
  const settings = buildTlsSettings({ ...base, cipherSuites: ['TLS_AES_256_GCM_SHA384'] }, pems);
  t.notOk('ciphers' in settings.secureContext);
  t.equal(settings.secureContext.honorCipherOrder, true, 'prefer_server_cipher_suites defaults to true');
});

t.test('asks Node for a client certificate per policy; Node itself rejects only for RequireAndVerifyClientCert', async (t) => {
  const options = (clientAuth: ClientAuthType) => {
    const { requestCert, rejectUnauthorized } = tlsServerOptions(buildTlsSettings({ ...base, clientAuth }, { ...pems, clientCa: ca }));
    return [requestCert, rejectUnauthorized];
  };
  t.same(options('NoClientCert'), [false, false]);
  t.same(options('RequestClientCert'), [true, false]);
  t.same(options('RequireAnyClientCert'), [true, false]);
  t.same(options('VerifyClientCertIfGiven'), [true, false]);
  t.same(options('RequireAndVerifyClientCert'), [true, true]);
});

/** Just what clientCertificateProblem reads from a TLSSocket. */
function socket(certificate: X509Certificate | undefined, authorized: boolean): TLSSocket {
  return {
    getPeerX509Certificate: () => certificate,
    authorized,
    authorizationError: authorized ? undefined : new Error('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
  } as unknown as TLSSocket;
}

const policy = (clientAuth: ClientAuthType, clientAllowedSans?: string[]): TlsSettings => ({
  secureContext: {},
  clientAuth,
  ...(clientAllowedSans ? { clientAllowedSans } : {}),
});

t.test('clientCertificateProblem follows Go crypto/tls ClientAuthType', async (t) => {
  const none = socket(undefined, false);
  const unverified = socket(clientCertificate, false);
  const verified = socket(clientCertificate, true);

  t.equal(clientCertificateProblem(policy('NoClientCert'), none), undefined);
  t.equal(clientCertificateProblem(policy('RequestClientCert'), none), undefined);
  t.equal(clientCertificateProblem(policy('RequestClientCert'), unverified), undefined);

  t.equal(clientCertificateProblem(policy('RequireAnyClientCert'), none), "client didn't provide a certificate");
  t.equal(clientCertificateProblem(policy('RequireAnyClientCert'), unverified), undefined);

  t.equal(clientCertificateProblem(policy('VerifyClientCertIfGiven'), none), undefined);
  t.match(clientCertificateProblem(policy('VerifyClientCertIfGiven'), unverified), /not verified: .*UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  t.equal(clientCertificateProblem(policy('VerifyClientCertIfGiven'), verified), undefined);

  t.equal(clientCertificateProblem(policy('RequireAndVerifyClientCert'), none), "client didn't provide a certificate");
  t.match(clientCertificateProblem(policy('RequireAndVerifyClientCert'), unverified), /not verified/);
  t.equal(clientCertificateProblem(policy('RequireAndVerifyClientCert'), verified), undefined);
});

t.test('clientCertificateProblem checks client_allowed_sans', async (t) => {
  const verified = socket(clientCertificate, true);
  t.equal(clientCertificateProblem(policy('RequireAndVerifyClientCert', ['scraper.hostwatch.test']), verified), undefined);
  t.equal(clientCertificateProblem(policy('RequireAnyClientCert', ['spiffe://hostwatch.test/prometheus']), verified), undefined);
  t.match(clientCertificateProblem(policy('RequireAndVerifyClientCert', ['grafana.hostwatch.test']), verified), /could not find allowed SANs/);
  t.match(clientCertificateProblem(policy('RequireAndVerifyClientCert', []), verified), /could not find allowed SANs/, 'an empty list allows nobody');
});
