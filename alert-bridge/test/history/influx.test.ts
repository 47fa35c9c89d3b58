import t, { type Test } from 'tap';
import { InfluxStoreError } from '../../src/history/influx/errors.js';
import { InfluxHistoryStore, type InfluxHistoryStoreOptions } from '../../src/history/influx/store.js';
import { firstSlot, rfc3339ToNanos } from '../../src/history/influx/timestamp.js';
import { startInfluxDB } from '../../../test/helpers/influxdb.js';
import { historyStoreContract, readAll } from './contract.js';
import { collidingIds } from './influx/fake-client.js';
import { BASE, makeRecord, manyRecords, plusMs, sortedNewestFirst } from './records.js';

// The HistoryStore contract and what is particular to InfluxDB, against a real influxd (Debian's 1.6):
// one server for the file, a database per subtest.

const influx = await startInfluxDB();
t.teardown(influx.cleanup);

let databases = 0;
async function newStore(t: Test, options: Partial<InfluxHistoryStoreOptions> = {}): Promise<{ store: InfluxHistoryStore; database: string }> {
  const database = options.url ? new URL(options.url).pathname.slice(1) : `history_${++databases}`;
  const store = new InfluxHistoryStore({ url: influx.urlFor(database), ...options });
  t.teardown(() => store.close());
  await store.init();
  return { store, database };
}

t.test('contract', async (t) => {
  historyStoreContract(t, async () => {
    const database = `contract_${++databases}`;
    const store = new InfluxHistoryStore({ url: influx.urlFor(database) });
    await store.init();
    return {
      store,
      cleanup: async () => {
        await store.close();
        await influx.query(`DROP DATABASE "${database}"`);
      },
    };
  });
});

t.test('the schema: three measurements, string fields, the event millisecond plus the slot', async (t) => {
  const { store, database } = await newStore(t);
  const record = makeRecord({ labels: { mountpoint: '/srv' }, startsAt: '2026-11-22T12:28:40.309Z' });
  await store.append([record]);
  const [tagKeys] = await influx.query('SHOW TAG KEYS', database);
  t.same(Object.fromEntries((tagKeys ?? []).map((s) => [s.name, s.values.map(([key]) => key)])), {
    notifications: ['alertname', 'instance', 'severity', 'status'],
    notifications_by_alertname: ['alertname', 'status'],
    notifications_timeline: ['status'],
  });
  const [fieldKeys] = await influx.query('SHOW FIELD KEYS', database);
  t.same(Object.fromEntries((fieldKeys ?? []).map((s) => [s.name, s.values])), {
    notifications: [['id', 'string'], ['record', 'string']],
    notifications_by_alertname: [['id', 'string'], ['record', 'string'], ['severity', 'string']],
    notifications_timeline: [['id', 'string'], ['record', 'string'], ['severity', 'string']],
  });
  const time = Number(rfc3339ToNanos('2026-11-22T12:28:40.309Z') + BigInt(firstSlot(record.id)));
  for (const measurement of ['notifications', 'notifications_by_alertname', 'notifications_timeline']) {
    const [points] = await influx.query(`SELECT "id" FROM "hostwatch_history"."${measurement}"`, database);
    t.same(points?.[0]?.values, [[time, record.id]], measurement);
  }
  const [policies] = await influx.query(`SHOW RETENTION POLICIES ON "${database}"`, database);
  t.match(policies?.[0]?.values, [['autogen'], ['hostwatch_history', '9600h0m0s', '168h0m0s', 1, true]]);
});

t.test('a restarted store recognises what the last one stored, slot collisions included', async (t) => {
  const [one, two] = collidingIds('restart-').map((id) => makeRecord({ id, labels: { id } }));
  const records = [one!, two!, ...manyRecords(30)];
  const { store, database } = await newStore(t);
  t.match(await store.append(records), { inserted: 32, duplicates: 0 });
  await store.close();
  const restarted = (await newStore(t, { url: influx.urlFor(database) })).store;
  t.match(await restarted.append(records), { inserted: 0, duplicates: 32 }, 'read from InfluxDB, not remembered');
  const newer = makeRecord({ startsAt: plusMs(BASE, 86_400_000), labels: { n: 'after the watermark' } });
  t.match(await restarted.append([newer, newer]), { inserted: 1, duplicates: 1 });
  t.same(await readAll(t, restarted), sortedNewestFirst([...records, newer]));
});

t.test('a small cache forgets and reads again, and still counts right', async (t) => {
  const { store } = await newStore(t, { cachedRecords: 10 });
  const records = manyRecords(60);
  for (let i = 0; i < 60; i += 7) t.match(await store.append(records.slice(i, i + 7)), { inserted: Math.min(7, 60 - i), duplicates: 0 });
  t.match(await store.append(records), { inserted: 0, duplicates: 60 });
});

t.test('tag values line protocol cannot carry are stored, found and returned exactly', async (t) => {
  const { store } = await newStore(t);
  const odd = makeRecord({ alertname: 'Two\nlines', instance: 'C:\\temp\\', severity: 'x\\ y' });
  const lookalike = makeRecord({ alertname: 'Two lines', instance: 'C:/temp/', severity: 'x/ y' });
  t.match(await store.append([odd, lookalike]), { inserted: 2, duplicates: 0 });
  t.same((await store.query({ instance: 'C:\\temp\\' }, 10)).records, [odd]);
  t.same((await store.query({ alertname: 'Two lines' }, 10)).records, [lookalike], 'the stored tag is shared, the exact value is not');
  t.same((await store.query({ severity: 'x\\ y', alertname: 'Two\nlines' }, 10)).records, [odd]);
});

t.test('a record older than the retention policy is refused for good, alone', async (t) => {
  const { store } = await newStore(t);
  const ancient = makeRecord({ startsAt: '2020-01-01T00:00:00.000Z', labels: { n: 'ancient' } });
  const fresh = makeRecord({ labels: { n: 'fresh' } });
  const [bad, good] = await Promise.allSettled([store.append([ancient]), store.append([fresh])]);
  t.equal(bad?.status, 'rejected');
  const error = (bad as PromiseRejectedResult).reason as InfluxStoreError;
  t.type(error, InfluxStoreError);
  t.same({ reason: error.reason, transient: error.transient }, { reason: 'rejected', transient: false });
  t.match(error.message, /beyond retention policy/);
  t.match(good, { status: 'fulfilled', value: { inserted: 1, duplicates: 0 } });
  t.same((await store.query({}, 10)).records, [fresh]);
});

t.test('a database dropped under a running store is created again', async (t) => {
  const { store, database } = await newStore(t);
  await store.append([makeRecord({ labels: { n: 'before' } })]);
  await influx.query(`DROP DATABASE "${database}"`);
  const after = makeRecord({ labels: { n: 'after' } });
  t.match(await store.append([after]), { inserted: 1, duplicates: 0 });
  t.same((await store.query({}, 10)).records, [after]);
});

t.test('init() keeps an existing policy as the operator set it, and can run twice', async (t) => {
  const database = `prepared_${++databases}`;
  await influx.query(`CREATE DATABASE "${database}" WITH DURATION 30d NAME "hostwatch_history"`);
  const { store } = await newStore(t, { url: influx.urlFor(database) });
  await store.init();
  const [policies] = await influx.query(`SHOW RETENTION POLICIES ON "${database}"`, database);
  t.same(policies?.[0]?.values, [['hostwatch_history', '720h0m0s', '24h0m0s', 1, true]]);
  t.match(await store.append([makeRecord()]), { inserted: 1, duplicates: 0 });
});

t.test('a retention period of our choosing', async (t) => {
  const { database } = await newStore(t, { retentionPolicy: 'alerts', retentionDuration: '90d' });
  const [policies] = await influx.query(`SHOW RETENTION POLICIES ON "${database}"`, database);
  t.match(policies?.[0]?.values, [['autogen'], ['alerts', '2160h0m0s', '24h0m0s', 1, true]]);
  t.throws(() => new InfluxHistoryStore({ url: influx.urlFor('x'), retentionDuration: '90 days' }), RangeError);
});
