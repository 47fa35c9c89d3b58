import t, { type Test } from 'tap';
import { InfluxStoreError } from '../alert-bridge/src/history/influx/errors.js';
import { InfluxHistoryStore } from '../alert-bridge/src/history/influx/store.js';
import type { NotificationRecord } from '../alert-bridge/src/history/record.js';
import { makeRecord } from '../alert-bridge/test/history/records.js';
import { startInfluxDB } from './helpers/influxdb.js';
import { waitFor } from './helpers/processes.js';

// The bridge's InfluxDB history while a real influxd stops, hangs, is killed and comes back. What must
// hold: a failure is a transient InfluxStoreError (the webhook answers 503 and Alertmanager retries),
// and every append that resolved is in InfluxDB afterwards, once.

const influx = await startInfluxDB();
t.teardown(influx.cleanup);

let databases = 0;
let serial = 0;
const newRecords = (n: number, tag: string): NotificationRecord[] =>
  Array.from({ length: n }, () => makeRecord({ instance: `host-${serial % 50}:9100`, labels: { tag, n: String(serial++) } }));

async function newStore(t: Test, options: { requestTimeoutMs?: number; initTimeoutMs?: number } = {}) {
  const database = `outage_${++databases}`;
  const store = new InfluxHistoryStore({ url: influx.urlFor(database), requestTimeoutMs: 2000, ...options });
  t.teardown(() => store.close());
  return { store, database };
}

/** The ids InfluxDB holds, read directly; fails the test on a repeated id. */
async function storedIds(t: Test, database: string): Promise<Set<string>> {
  const [series] = await influx.query('SELECT "id" FROM "hostwatch_history"."notifications"', database);
  const ids = (series?.[0]?.values ?? []).map(([, id]) => id as string);
  t.equal(new Set(ids).size, ids.length, 'no record stored twice');
  return new Set(ids);
}

const transientFailure = async (t: Test, promise: Promise<unknown>, reason: string): Promise<void> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(error, InfluxStoreError, `fails with an InfluxStoreError (${reason})`);
  t.same({ reason: (error as InfluxStoreError).reason, transient: (error as InfluxStoreError).transient }, { reason, transient: true });
};

const ensureRunning = async (): Promise<void> => {
  if (!influx.running()) await influx.restart();
};

t.test('stopped: appends and ping fail as transient; restarted: both work, nothing acknowledged is lost', async (t) => {
  t.teardown(ensureRunning);
  const { store, database } = await newStore(t);
  await store.init();
  const before = newRecords(20, 'before');
  t.match(await store.append(before), { inserted: 20, duplicates: 0 });
  await influx.stop();
  const during = newRecords(10, 'during');
  await transientFailure(t, store.append(during), 'unreachable');
  await transientFailure(t, store.ping(), 'unreachable');
  await influx.restart();
  await waitFor('ping after restart', () => store.ping().then(() => true));
  t.match(await store.append(during), { inserted: 10, duplicates: 0 }, 'the retried delivery is stored');
  t.match(await store.append(before), { inserted: 0, duplicates: 20 }, 'what was stored before is still known');
  const ids = await storedIds(t, database);
  for (const record of [...before, ...during]) t.ok(ids.has(record.id), `${record.labels.tag} ${record.labels.n} stored`);
});

t.test('killed with SIGKILL right after an acknowledged write: the write survives', async (t) => {
  t.teardown(ensureRunning);
  const { store, database } = await newStore(t);
  await store.init();
  const acknowledged = newRecords(50, 'kill');
  t.match(await store.append(acknowledged), { inserted: 50, duplicates: 0 });
  await influx.kill();
  await influx.restart();
  const ids = await storedIds(t, database);
  t.equal(acknowledged.filter((r) => ids.has(r.id)).length, 50, 'every acknowledged record is in InfluxDB');
  const restarted = new InfluxHistoryStore({ url: influx.urlFor(database) });
  t.teardown(() => restarted.close());
  await restarted.init();
  t.match(await restarted.append(acknowledged), { inserted: 0, duplicates: 50 }, 'a redelivery after the crash is a duplicate');
});

t.test('hung (SIGSTOP): appends time out as transient instead of hanging; resumed: they work', async (t) => {
  t.teardown(ensureRunning);
  const { store, database } = await newStore(t, { requestTimeoutMs: 500 });
  await store.init();
  process.kill(influx.pid(), 'SIGSTOP');
  let resumed = false;
  const resume = (): void => {
    if (!resumed) process.kill(influx.pid(), 'SIGCONT');
    resumed = true;
  };
  t.teardown(resume);
  const stalled = newRecords(10, 'stalled');
  await transientFailure(t, store.append(stalled), 'timeout');
  resume();
  // The timed-out write may still land once influxd runs again: the retry then finds it, or writes it.
  const retry = await store.append(stalled);
  t.equal(retry.inserted + retry.duplicates, 10);
  const ids = await storedIds(t, database);
  t.equal(stalled.filter((r) => ids.has(r.id)).length, 10);
});

t.test('init() waits for an InfluxDB that comes up late, and gives up after initTimeoutMs', async (t) => {
  t.teardown(ensureRunning);
  await influx.stop();
  const impatient = (await newStore(t, { initTimeoutMs: 300 })).store;
  await transientFailure(t, impatient.init(), 'unreachable');
  const { store } = await newStore(t, { initTimeoutMs: 120_000 });
  let initialised = false;
  const init = store.init().then(() => (initialised = true));
  await new Promise((resolve) => setTimeout(resolve, 500));
  t.notOk(initialised, 'still waiting while InfluxDB is down');
  await influx.restart();
  await init;
  t.match(await store.append(newRecords(3, 'late')), { inserted: 3, duplicates: 0 });
});

t.test('under a running load: stopped, restarted, killed, restarted; every acknowledged record is there once', async (t) => {
  t.teardown(ensureRunning);
  const { store, database } = await newStore(t, { requestTimeoutMs: 1000 });
  await store.init();
  const acknowledged: NotificationRecord[] = [];
  const failures: unknown[] = [];
  let running = true;
  // Eight senders like Alertmanager: a failed delivery is sent again, as it was, until it is acknowledged.
  const sender = async (index: number): Promise<void> => {
    let batch = newRecords(10, `sender-${index}`);
    while (running) {
      try {
        await store.append(batch);
        acknowledged.push(...batch);
        batch = newRecords(10, `sender-${index}`);
      } catch (error) {
        failures.push(error);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  const senders = Array.from({ length: 8 }, (_, i) => sender(i));
  const progressBeyond = async (count: number): Promise<void> => {
    await waitFor(`${count} acknowledged`, async () => acknowledged.length >= count, 60_000, 10);
  };
  try {
    await progressBeyond(500);
    await influx.stop();
    await waitFor('failures while stopped', async () => failures.length >= 8, 30_000, 10);
    await influx.restart();
    await progressBeyond(acknowledged.length + 500);
    await influx.kill();
    const failed = failures.length;
    await waitFor('failures while killed', async () => failures.length >= failed + 8, 30_000, 10);
    await influx.restart();
    await progressBeyond(acknowledged.length + 500);
  } finally {
    running = false;
    await Promise.all(senders);
  }
  t.ok(failures.every((e) => e instanceof InfluxStoreError && e.transient), 'every failure was transient');
  const ids = await storedIds(t, database);
  const missing = acknowledged.filter((r) => !ids.has(r.id));
  t.same(missing, [], `all ${acknowledged.length} acknowledged records found (${failures.length} failed deliveries retried)`);
});
