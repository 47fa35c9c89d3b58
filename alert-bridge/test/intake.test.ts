import { Registry } from 'prom-client';
import t from 'tap';
import { recordsFromWebhook } from '../src/alertmanager/records.js';
import { checkWebhook } from '../src/alertmanager/validate.js';
import type { WebhookBody } from '../src/alertmanager/webhook-schema.js';
import type { NotificationRecord } from '../src/history/record.js';
import type { AppendResult, HistoryStore } from '../src/history/store.js';
import { StoreUnavailableError, storeAndNotify } from '../src/intake.js';
import { registerBridgeMetrics } from '../src/metrics.js';
import { RecordingNotifier } from './helpers/bridge.js';
import { capturedLogger } from './helpers/log-capture.js';
import { tenFilesystems, testWebhook } from './helpers/webhooks.js';

const RECEIVED = '2026-11-22T12:30:00.000Z';

/** A store that answers what it is told to, for the intake's decisions. */
function storeAnswering(answer: (records: readonly NotificationRecord[]) => AppendResult): HistoryStore {
  return {
    init: async () => {},
    ping: async () => {},
    close: async () => {},
    query: async () => ({ records: [], nextCursor: null }),
    append: async (records) => answer(records),
  };
}

function setup(store: HistoryStore) {
  const notifier = new RecordingNotifier();
  const metrics = registerBridgeMetrics(new Registry(), notifier);
  return { notifier, deps: { store, notifier, metrics, logger: capturedLogger().logger, storeTimeoutMs: 1000 } };
}

const body = (): WebhookBody => {
  const checked = checkWebhook(testWebhook(tenFilesystems().slice(0, 3)));
  if (!('body' in checked)) throw new Error(checked.violation);
  return checked.body;
};

t.test('insertedIds decide which records reach the notifier', async (t) => {
  const webhook = body();
  const [, second] = recordsFromWebhook(webhook, RECEIVED) as [NotificationRecord, NotificationRecord];
  const { notifier, deps } = setup(storeAnswering(() => ({ inserted: 1, duplicates: 2, insertedIds: [second.id] })));
  t.same(await storeAndNotify(webhook, RECEIVED, deps), { inserted: 1, duplicates: 2, insertedIds: [second.id] });
  t.same(notifier.received.map((group) => group.records.map((record) => record.id)), [[second.id]]);
});

t.test('without insertedIds: nothing when nothing was new, everything (at least once) when anything was', async (t) => {
  const none = setup(storeAnswering((records) => ({ inserted: 0, duplicates: records.length })));
  await storeAndNotify(body(), RECEIVED, none.deps);
  t.equal(none.notifier.received.length, 0);
  const some = setup(storeAnswering(() => ({ inserted: 1, duplicates: 2 })));
  await storeAndNotify(body(), RECEIVED, some.deps);
  t.equal(some.notifier.received[0]?.records.length, 3);
});

t.test('a store failure is a StoreUnavailableError carrying the cause', async (t) => {
  const cause = new Error('disk full');
  const { notifier, deps } = setup(
    storeAnswering(() => {
      throw cause;
    }),
  );
  const error = await storeAndNotify(body(), RECEIVED, deps).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  t.type(error, StoreUnavailableError);
  t.equal((error as Error).cause, cause);
  t.equal(notifier.received.length, 0);
});
