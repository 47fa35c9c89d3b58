import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import { UpstreamError } from '../../src/upstream/errors.js';

/** A loopback HTTP server answering with `handler`; closed, with any held connection, when the test ends. Resolves with its base URL. */
export async function serveLoopback(t: Test, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The UpstreamError a call fails with; anything else (or success) fails the test. */
export async function upstreamFailure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected an UpstreamError');
}
