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

t.test('the notifier gets every record of the webhook, and which of them were new to the history', async (t) => {
  const webhook = body();
  const records = recordsFromWebhook(webhook, RECEIVED);
  const second = records[1] as NotificationRecord;
  const { notifier, deps } = setup(storeAnswering(() => ({ inserted: 1, duplicates: 2, insertedIds: [second.id] })));
  t.same(await storeAndNotify(webhook, RECEIVED, deps), { inserted: 1, duplicates: 2, insertedIds: [second.id] });
  t.same(notifier.offered.map((group) => group.records.map((record) => record.id)), [records.map((record) => record.id)]);
  t.same(notifier.offered.map((group) => group.newRecordIds), [[second.id]]);
});

t.test('a redelivery still reaches the notifier, which knows what it has queued', async (t) => {
  const { notifier, deps } = setup(storeAnswering((records) => ({ inserted: 0, duplicates: records.length, insertedIds: [] })));
  await storeAndNotify(body(), RECEIVED, deps);
  t.equal(notifier.offered[0]?.records.length, 3);
  t.same(notifier.offered[0]?.newRecordIds, []);
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
