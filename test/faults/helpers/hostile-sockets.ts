import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';

// Clients that misbehave at the socket level, which fetch and node:http cannot: one header byte a
// second, a body that stops half-way, 50 MiB pushed as fast as the kernel takes it.

/** The resident set size of a process, in KiB (VmRSS in /proc/PID/status). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

/** Samples a process's RSS every intervalMs until stopped; returns the highest seen. */
export function sampleRss(pid: number, intervalMs = 200): { stop(): number } {
  let peak = rssKiB(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssKiB(pid));
    } catch {
      // the process is gone; the test notices
    }
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

export interface SocketEnd {
  /** From connecting to the server closing (or resetting) the connection. */
  readonly closedAfterMs: number;
  /** What the server sent, as text. */
  readonly received: string;
  readonly bytesSent: number;
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * A connection the client keeps feeding, one byte per interval, until the server closes it or
 * giveUpMs passes (then the client closes it and closedAfterMs is Infinity).
 */
export async function trickle(port: number, prefix: string, options: { intervalMs: number; giveUpMs: number; byte?: string }): Promise<SocketEnd> {
  const started = Date.now();
  const socket = await open(port);
  let received = '';
  let bytesSent = Buffer.byteLength(prefix);
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  socket.write(prefix);
  const timer = setInterval(() => {
    if (socket.writable) socket.write(options.byte ?? 'a', () => (bytesSent += 1));
  }, options.intervalMs);
  const closed = await new Promise<boolean>((resolve) => {
    const giveUp = setTimeout(() => resolve(false), options.giveUpMs);
    socket.once('close', () => (clearTimeout(giveUp), resolve(true)));
  });
  clearInterval(timer);
  const closedAfterMs = closed ? Date.now() - started : Infinity;
  socket.destroy();
  return { closedAfterMs, received, bytesSent };
}

/** Sends prefix and then nothing, until the server closes the connection or giveUpMs passes. */
export function stall(port: number, prefix: string, giveUpMs: number): Promise<SocketEnd> {
  return trickle(port, prefix, { intervalMs: giveUpMs * 2, giveUpMs });
}

export interface PushResult {
  /** The status line's code, 0 when none came. */
  readonly status: number;
  /** Body bytes written when the first response byte arrived; the client then stops writing. */
  readonly bytesSentAtResponse: number;
  readonly received: string;
}

/**
 * Writes head, then body bytes as fast as the socket takes them (chunked framing when asked) until
 * totalBytes or the first byte of a response; waits up to waitMs for the response after that.
 */
export async function push(port: number, head: string, totalBytes: number, options: { chunked: boolean; waitMs?: number }): Promise<PushResult> {
  const socket = await open(port);
  let received = '';
  let sent = 0;
  let sentAtResponse = -1;
  socket.on('error', () => {});
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      if (sentAtResponse < 0) sentAtResponse = sent;
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) resolve();
    });
    socket.once('close', () => resolve());
  });
  socket.write(head);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const framed = options.chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
  while (sent < totalBytes && sentAtResponse < 0 && !socket.destroyed) {
    const flushed = socket.write(framed);
    sent += chunk.length;
    if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), answered]);
  }
  if (options.chunked && sentAtResponse < 0 && !socket.destroyed) socket.write('0\r\n\r\n');
  await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, options.waitMs ?? 10_000))]);
  socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
  return { status, bytesSentAtResponse: sentAtResponse < 0 ? sent : sentAtResponse, received };
}

/**
 * Sends one request on a fresh connection, then, once its response has come, a second request on the
 * same connection. Says what happened to the second: answered, closed by the server, or left hanging.
 */
export async function followUp(port: number, first: Buffer, second: string, waitMs: number): Promise<{ firstResponse: string; second: 'answered' | 'closed' | 'hanging' }> {
  const socket = await open(port);
  let received = '';
  let firstLength = -1;
  socket.on('error', () => {});
  const closed = new Promise<'closed'>((resolve) => socket.once('close', () => resolve('closed')));
  const progress = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      const onData = (): void => {
        if (!check()) return;
        socket.off('data', onData);
        resolve();
      };
      socket.on('data', onData);
      onData();
    });
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.write(first);
  const firstDone = progress(() => {
    const end = received.indexOf('\r\n\r\n');
    const length = Number(/content-length: (\d+)/i.exec(received)?.[1] ?? NaN);
    if (end < 0 || Number.isNaN(length) || received.length < end + 4 + length) return false;
    firstLength = end + 4 + length;
    return true;
  });
  const timeout = (): Promise<'hanging'> => new Promise((resolve) => setTimeout(() => resolve('hanging'), waitMs));
  if ((await Promise.race([firstDone.then(() => 'done' as const), closed, timeout()])) !== 'done') {
    socket.destroy();
    return { firstResponse: received, second: 'closed' };
  }
  const firstResponse = received.slice(0, firstLength);
  if (!socket.destroyed) socket.write(second);
  const answered = progress(() => received.length > firstLength).then(() => 'answered' as const);
  const outcome = await Promise.race([answered, closed, timeout()]);
  socket.destroy();
  return { firstResponse, second: outcome };
}
