import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { CertificateFiles } from '../../helpers/certs.js';

/** An answer, or why there was none (a refused handshake, a reset). */
export type TlsOutcome = { readonly status: number; readonly headers: Record<string, string | string[] | undefined> } | { readonly error: string };

/** GET over https, trusting `ca`, presenting `client` when given; never reuses a connection. */
export function httpsGet(url: string, options: { ca: string; client?: CertificateFiles; headers?: Record<string, string> }): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        agent: false,
        ca: readFileSync(options.ca),
        ...(options.client ? { cert: readFileSync(options.client.cert), key: readFileSync(options.client.key) } : {}),
        headers: options.headers ?? {},
        timeout: 10_000,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    outgoing.end();
  });
}

export const basic = (user: string, password: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
