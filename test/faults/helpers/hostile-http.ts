import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** A response with its body as bytes, whatever the status. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface RawHttpClient {
  /**
   * Sends exactly these headers and bytes (no content type added), over kept-alive connections;
   * Content-Length is set unless the headers ask for chunked transfer.
   */
  send(method: string, path: string, headers?: Record<string, string>, body?: Buffer): Promise<RawResponse>;
  close(): void;
}

/**
 * node:http rather than fetch: fetch adds a content type to string bodies, refuses some headers and
 * hides the bytes; a hostile client controls all of them.
 */
export function rawHttpClient(baseUrl: string): RawHttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const base = new URL(baseUrl);
  return {
    send: (method, path, headers = {}, body) =>
      new Promise((resolve, reject) => {
        const chunked = Object.keys(headers).some((name) => name.toLowerCase() === 'transfer-encoding');
        const length = body && !chunked ? { 'Content-Length': String(body.length) } : {};
        const outgoing = request(
          { agent, host: base.hostname, port: base.port, method, path, headers: { ...headers, ...length } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
            response.on('error', reject);
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      }),
    close: () => agent.destroy(),
  };
}

/** The bridge's error envelope, or undefined when the body is not one. */
export function errorEnvelope(response: RawResponse): { status: unknown; message: unknown } | undefined {
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { error?: { status?: unknown; message?: unknown } };
    return parsed.error && typeof parsed.error === 'object' ? { status: parsed.error.status, message: parsed.error.message } : undefined;
  } catch {
    return undefined;
  }
}
