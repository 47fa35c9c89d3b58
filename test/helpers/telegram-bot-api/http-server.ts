import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Changes } from './changes.js';
import type { Fault, FaultSchedule } from './faults.js';
import type { MethodHandler } from './methods.js';
import { BotApiError, Params, readParams } from './params.js';

/** One request the fake received, with how it was answered (no status while unanswered or hung). */
export interface FakeRequest {
  method: string;
  params: Readonly<Record<string, unknown>>;
  at: Date;
  status?: number;
  /** The error description when the answer was not ok. */
  description?: string;
}

interface Envelope {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: Record<string, number>;
}

// What nginx in front of api.telegram.org answers when the backend is down.
const nginxErrorPage = (status: number): string => {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`;
};

/** The HTTP side: `POST /bot<token>/<method>`, faults, the request log, and going offline on the same port. */
export class BotApiHttpServer {
  readonly log: FakeRequest[] = [];
  private readonly server = createServer((request, response) => void this.handle(request, response));
  private readonly sockets = new Set<Socket>();
  private readonly methodNames: Map<string, string>;
  private listeningPort = 0;
  private online = false;

  constructor(
    private readonly token: string,
    private readonly methods: Readonly<Record<string, MethodHandler>>,
    private readonly faults: FaultSchedule,
    private readonly changes: Changes,
  ) {
    // The Bot API matches method names case-insensitively.
    this.methodNames = new Map(Object.keys(methods).map((name) => [name.toLowerCase(), name]));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  get port(): number {
    return this.listeningPort;
  }

  /** Listens on 127.0.0.1, on a free port the first time and on the same port after going offline. */
  async goOnline(): Promise<void> {
    if (this.online) return;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.listeningPort, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (this.server.address() as { port: number }).port;
    this.online = true;
  }

  /** Stops listening and destroys every open connection, held and hung requests included. */
  async goOffline(): Promise<void> {
    if (!this.online) return;
    this.online = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const aborted = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) aborted.abort();
    });
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const route = /^\/bot([^/]*)\/([^/]+)$/.exec(path);
    const givenMethod = route?.[2] ?? path;
    const method = this.methodNames.get(givenMethod.toLowerCase()) ?? givenMethod;
    const entry: FakeRequest = { method, params: {}, at: new Date() };
    let params: Record<string, unknown> | BotApiError;
    try {
      params = await readParams(request);
      entry.params = params;
    } catch (error) {
      if (!(error instanceof BotApiError)) return; // the connection broke while the body was read
      params = error;
    }
    // Recording and taking the fault happen in one tick, so a test that sees the request logged knows
    // which fault it met.
    this.log.push(entry);
    this.changes.notify();
    const fault = this.faults.take(method);
    if (fault && this.playFault(fault, response, entry)) return;

    const handler = route?.[1] === this.token ? this.methods[method] : undefined;
    let answer: Envelope;
    try {
      if (!route) throw new BotApiError(404, 'Not Found');
      if (route[1] !== this.token) throw new BotApiError(401, 'Unauthorized');
      if (!handler) throw new BotApiError(404, 'Not Found');
      if (params instanceof BotApiError) throw params;
      answer = { ok: true, result: await handler({ params: new Params(params), signal: aborted.signal }) };
    } catch (error) {
      answer = errorEnvelope(error);
    }
    if (fault?.kind === 'hang') return; // processed, and the answer is lost
    if (answer.description !== undefined) entry.description = answer.description;
    this.send(response, entry, answer.error_code ?? 200, 'application/json', JSON.stringify(answer));
  }

  /** Answers (or refuses to) as the fault says; false when the request should still be processed. */
  private playFault(fault: Fault, response: ServerResponse, entry: FakeRequest): boolean {
    switch (fault.kind) {
      case 'offline':
        response.socket?.destroy();
        return true;
      case 'hang':
        return !fault.afterProcessing;
      case 'too-many-requests': {
        const description = `Too Many Requests: retry after ${fault.retryAfter}`;
        entry.description = description;
        const body = { ok: false, error_code: 429, description, parameters: { retry_after: fault.retryAfter } };
        this.send(response, entry, 429, 'application/json', JSON.stringify(body));
        return true;
      }
      case 'status': {
        const description = STATUS_CODES[fault.status] ?? 'Error';
        entry.description = description;
        if (fault.body === 'json') {
          this.send(response, entry, fault.status, 'application/json', JSON.stringify({ ok: false, error_code: fault.status, description }));
        } else {
          this.send(response, entry, fault.status, 'text/html', nginxErrorPage(fault.status));
        }
        return true;
      }
    }
  }

  private send(response: ServerResponse, entry: FakeRequest, status: number, contentType: string, body: string): void {
    entry.status = status;
    this.changes.notify();
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  }
}

function errorEnvelope(error: unknown): Envelope {
  if (error instanceof BotApiError) {
    return {
      ok: false,
      error_code: error.errorCode,
      description: error.description,
      ...(error.parameters ? { parameters: error.parameters } : {}),
    };
  }
  // A bug in the fake: say so in the answer rather than crash the test process.
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { ok: false, error_code: 500, description: `Internal Server Error: the fake Bot API failed: ${message}` };
}
