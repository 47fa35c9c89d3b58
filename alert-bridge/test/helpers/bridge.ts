import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import type { Test } from 'tap';
import { makeTempDir } from '../../../test/helpers/processes.js';
import { createApp, type AppDeps } from '../../src/app.js';
import { EmbeddedHistoryStore } from '../../src/history/embedded/index.js';
import type { NotificationRecord } from '../../src/history/record.js';
import type { HistoryStore } from '../../src/history/store.js';
import type { AlertGroupNotification, Notifier } from '../../src/notify/notifier.js';
import { capturedLogger } from './log-capture.js';

export const TEST_TOKEN = 'test-token-7f3a9c2e51b8d4';

/**
 * A notifier that remembers what it was offered, and, like the log notifier, keeps as received only
 * the records new to the history (a group with none is not received).
 */
export class RecordingNotifier implements Notifier {
  readonly offered: AlertGroupNotification[] = [];
  readonly received: AlertGroupNotification[] = [];
  failWith: Error | undefined;

  async enqueue(notifications: readonly AlertGroupNotification[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.offered.push(...notifications);
    for (const group of notifications) {
      const fresh = new Set(group.newRecordIds);
      const records = group.records.filter((record) => fresh.has(record.id));
      if (records.length > 0) this.received.push({ ...group, records });
    }
  }

  queueDepth(): number {
    return this.received.length;
  }

  async close(): Promise<void> {}
}

export interface TestBridge {
  readonly url: string;
  /** The embedded store in a temp dir, whatever store the app was given. */
  readonly embedded: EmbeddedHistoryStore;
  readonly notifier: RecordingNotifier;
  readonly registry: Registry;
  /** Every log line so far. */
  logs(): string;
  /** Every record in the embedded store, newest first. */
  allRecords(): Promise<NotificationRecord[]>;
  /** fetch against the bridge with the right token unless headers say otherwise. */
  request(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  postWebhook(body: string | object, init?: { token?: string | null; contentType?: string }): Promise<Response>;
}

export interface TestBridgeOptions {
  /** TEST_TOKEN by default. */
  readonly authToken?: string;
  /** Wraps the embedded store: a failing or slow store for the 503 paths. */
  readonly store?: (embedded: EmbeddedHistoryStore) => HistoryStore;
  readonly storeTimeoutMs?: number;
  readonly now?: AppDeps['now'];
}

/** createApp on an ephemeral loopback port, with the embedded store in a temp dir; torn down with t. */
export async function startTestBridge(t: Test, options: TestBridgeOptions = {}): Promise<TestBridge> {
  const temp = await makeTempDir('bridge-app');
  const embedded = new EmbeddedHistoryStore({ dataDir: temp.path });
  await embedded.init();
  const notifier = new RecordingNotifier();
  const registry = new Registry();
  const { logger, text } = capturedLogger();
  const app = createApp({
    authToken: options.authToken ?? TEST_TOKEN,
    store: options.store ? options.store(embedded) : embedded,
    notifier,
    logger,
    registry,
    ...(options.now ? { now: options.now } : {}),
    ...(options.storeTimeoutMs === undefined ? {} : { storeTimeoutMs: options.storeTimeoutMs }),
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await embedded.close();
    await temp.remove();
  });

  const request = (path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> => {
    const { token = options.authToken ?? TEST_TOKEN, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token !== null && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${token}`);
    return fetch(`${url}${path}`, { ...rest, headers });
  };

  return {
    url,
    embedded,
    notifier,
    registry,
    logs: text,
    allRecords: async () => {
      const all: NotificationRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await embedded.query({}, 1000, cursor);
        all.push(...page.records);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return all;
    },
    request,
    postWebhook: (body, init = {}) =>
      request('/webhook', {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'Content-Type': init.contentType ?? 'application/json' },
        ...(init.token === undefined ? {} : { token: init.token }),
      }),
  };
}

/** The JSON body of a response, typed loosely for assertions. */
export async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
