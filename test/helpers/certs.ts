import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of a PEM certificate and its unencrypted PKCS#8 key. */
export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
}

export interface TestCertificates {
  readonly ca: CertificateFiles;
  /** For 127.0.0.1, ::1 and localhost, signed by `ca`. */
  readonly server: CertificateFiles;
  /** Signed by `ca`; SANs DNS:scraper.hostwatch.test and URI:spiffe://hostwatch.test/prometheus. */
  readonly client: CertificateFiles;
  /** A CA of its own, which the exporter does not trust. */
  readonly otherCa: CertificateFiles;
  /** Signed by `otherCa`, with the same SANs as `client`. */
  readonly strangerClient: CertificateFiles;
}

export const CLIENT_SANS = 'DNS:scraper.hostwatch.test,URI:spiffe://hostwatch.test/prometheus';

async function openssl(args: readonly string[]): Promise<void> {
  await run('openssl', [...args]);
}

const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function makeCa(dir: string, name: string): Promise<CertificateFiles> {
  const files = { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  await openssl([
    'req', '-x509', ...NEW_P256_KEY, '-keyout', files.key, '-out', files.cert, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return files;
}

async function makeLeaf(
  dir: string,
  name: string,
  ca: CertificateFiles,
  extensions: { readonly subjectAltName: string; readonly extendedKeyUsage: 'serverAuth' | 'clientAuth' },
): Promise<CertificateFiles> {
  const files = { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  const csr = path.join(dir, `${name}.csr`);
  const extfile = path.join(dir, `${name}.ext`);
  await openssl(['req', '-new', ...NEW_P256_KEY, '-keyout', files.key, '-out', csr, '-subj', `/CN=${name}`]);
  await writeFile(
    extfile,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      `extendedKeyUsage=${extensions.extendedKeyUsage}`,
      `subjectAltName=${extensions.subjectAltName}`,
      '',
    ].join('\n'),
  );
  await openssl([
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '2', '-extfile', extfile, '-out', files.cert,
  ]);
  return files;
}

/** Makes a CA, a server certificate, a client certificate and a client certificate from another CA in dir. */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const [ca, otherCa] = await Promise.all([makeCa(dir, 'ca'), makeCa(dir, 'other-ca')]);
  const [server, client, strangerClient] = await Promise.all([
    makeLeaf(dir, 'server', ca, { subjectAltName: 'DNS:localhost,IP:127.0.0.1,IP:::1', extendedKeyUsage: 'serverAuth' }),
    makeLeaf(dir, 'client', ca, { subjectAltName: CLIENT_SANS, extendedKeyUsage: 'clientAuth' }),
    makeLeaf(dir, 'stranger-client', otherCa, { subjectAltName: CLIENT_SANS, extendedKeyUsage: 'clientAuth' }),
  ]);
  return { ca, server, client, otherCa, strangerClient };
}
