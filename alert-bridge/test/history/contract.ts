import type { Test } from 'tap';
import type { NotificationRecord } from '../../src/history/record.js';
import { InvalidCursorError, type HistoryFilter, type HistoryStore } from '../../src/history/store.js';
import { BASE, DAY, DAY_BEFORE, makeRecord, manyRecords, plusMs, sortedNewestFirst } from './records.js';

// The behaviour every HistoryStore shares (history/influx, history/embedded). A store's own test file
// calls historyStoreContract(t, makeStore); each subtest gets a fresh, empty, initialised store.

export type MakeStore = () => Promise<{ store: HistoryStore; cleanup(): Promise<void> }>;

/** Every record matching filter, following cursors with the given page size; checks page sizes. */
export async function readAll(t: Test, store: HistoryStore, filter: HistoryFilter = {}, limit = 1000): Promise<NotificationRecord[]> {
  const all: NotificationRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.query(filter, limit, cursor);
    if (page.nextCursor !== null) t.equal(page.records.length, limit, 'a page followed by another is full');
    all.push(...page.records);
    if (page.nextCursor === null) return all;
    cursor = page.nextCursor;
  }
  throw new Error('cursor never ended');
}

const ids = (records: readonly NotificationRecord[]): string[] => records.map((r) => r.id);

export function historyStoreContract(t: Test, makeStore: MakeStore): void {
  const withStore = (name: string, body: (t: Test, store: HistoryStore) => Promise<void>): void => {
    t.test(name, async (t) => {
      const { store, cleanup } = await makeStore();
      t.teardown(cleanup);
      await body(t, store);
    });
  };

  withStore('an empty store answers an empty last page and pings', async (t, store) => {
    await store.ping();
    t.same(await store.query({}, 10), { records: [], nextCursor: null });
    t.match(await store.append([]), { inserted: 0, duplicates: 0 });
  });

  withStore('a re-appended record is a duplicate and changes nothing', async (t, store) => {
    const [a, b, c] = [0, 1, 2].map((i) => makeRecord({ instance: `host-${i}:9110` })) as [NotificationRecord, NotificationRecord, NotificationRecord];
    t.match(await store.append([a, b, c]), { inserted: 3, duplicates: 0 });
    t.match(await store.append([a, b, c]), { inserted: 0, duplicates: 3 });
    // A repeat_interval reminder: same identity, later receivedAt, re-rendered annotations.
    const reminder = { ...a, receivedAt: `${DAY}T14:00:00.000Z`, annotations: { summary: 'changed' } };
    const d = makeRecord({ instance: 'host-3:9110' });
    t.match(await store.append([reminder, d]), { inserted: 1, duplicates: 1 });
    const e = makeRecord({ instance: 'host-4:9110' });
    t.match(await store.append([e, e]), { inserted: 1, duplicates: 1 }, 'a copy within one batch is a duplicate');
    const f = makeRecord({ instance: 'host-5:9110' });
    t.same((await store.append([a, f, e])).insertedIds, [f.id], 'insertedIds name exactly the new records');
    t.same(await readAll(t, store), sortedNewestFirst([a, b, c, d, e, f]), 'the first copy is kept as it was');
  });

  withStore('two replicas delivering the same notification at once: stored once', async (t, store) => {
    const records = manyRecords(20);
    const results = await Promise.all([store.append(records), store.append(records), store.append(records.slice(5))]);
    t.equal(results.reduce((sum, r) => sum + r.inserted, 0), 20, 'each record inserted once');
    t.equal(results.reduce((sum, r) => sum + r.duplicates, 0), 35, 'every other copy a duplicate');
    t.same(ids(await readAll(t, store)), ids(sortedNewestFirst(records)));
  });

  withStore('alerts sharing every label but one and the same startsAt are all kept', async (t, store) => {
    const mounts = Array.from({ length: 10 }, (_, i) => makeRecord({ alertname: 'DiskFull', labels: { mountpoint: `/mnt/${i}` } }));
    t.match(await store.append(mounts), { inserted: 10, duplicates: 0 });
    // A rule evaluation over many targets: hundreds of states in one series at one instant.
    const burst = Array.from({ length: 300 }, (_, i) => makeRecord({ alertname: 'DiskFull', labels: { mountpoint: `/burst/${i}` } }));
    t.match(await store.append(burst), { inserted: 300, duplicates: 0 });
    t.match(await store.append([...mounts, ...burst]), { inserted: 0, duplicates: 310 });
    t.same(ids(await readAll(t, store, {}, 7)), ids(sortedNewestFirst([...mounts, ...burst])));
  });

  withStore('the firing and the resolution of one alert are two records', async (t, store) => {
    const firing = makeRecord({ startsAt: BASE });
    const resolved = makeRecord({ status: 'resolved', startsAt: BASE, endsAt: plusMs(BASE, 7 * 60_000) });
    t.match(await store.append([firing, resolved]), { inserted: 2, duplicates: 0 });
    t.same((await store.query({}, 10)).records, [resolved, firing], 'the resolution is newer: its event time is endsAt');
    t.same((await store.query({ status: 'firing' }, 10)).records, [firing]);
    t.same((await store.query({ status: 'resolved' }, 10)).records, [resolved]);
  });

  withStore('every filter, alone and combined; since inclusive and until exclusive on event time', async (t, store) => {
    const base = BASE;
    const records: NotificationRecord[] = [];
    for (let i = 0; i < 24; i++) {
      const startsAt = plusMs(base, i * 60_000);
      const common = {
        alertname: ['HostDown', 'DiskFull', 'HighLoad'][i % 3] as string,
        instance: i % 8 === 7 ? '' : `host-${i % 4}:9110`,
        severity: ['critical', 'warning'][i % 2] as string,
        startsAt,
      };
      records.push(makeRecord(common));
      if (i % 4 === 0) records.push(makeRecord({ ...common, status: 'resolved', endsAt: plusMs(startsAt, 30 * 60_000 + 500) }));
    }
    await store.append(records);
    const since = plusMs(base, 5 * 60_000);
    const until = plusMs(base, 20 * 60_000);
    const cases: [string, HistoryFilter, (r: NotificationRecord) => boolean][] = [
      ['alertname', { alertname: 'DiskFull' }, (r) => r.alertname === 'DiskFull'],
      ['instance', { instance: 'host-2:9110' }, (r) => r.instance === 'host-2:9110'],
      ['severity', { severity: 'warning' }, (r) => r.severity === 'warning'],
      ['status', { status: 'resolved' }, (r) => r.status === 'resolved'],
      ['since', { since }, (r) => eventMs(r) >= Date.parse(since)],
      ['until', { until }, (r) => eventMs(r) < Date.parse(until)],
      ['since and until', { since, until }, (r) => eventMs(r) >= Date.parse(since) && eventMs(r) < Date.parse(until)],
      ['combined', { alertname: 'HostDown', severity: 'critical', status: 'firing', since }, (r) =>
        r.alertname === 'HostDown' && r.severity === 'critical' && r.status === 'firing' && eventMs(r) >= Date.parse(since)],
      ['nothing matches', { alertname: 'NoSuchAlert' }, () => false],
    ];
    for (const [name, filter, keep] of cases) {
      const expected = sortedNewestFirst(records.filter(keep));
      if (name !== 'nothing matches') t.ok(expected.length > 0 && expected.length < records.length, `${name}: a selective case`);
      t.same(ids(await readAll(t, store, filter, 5)), ids(expected), name);
    }
    t.ok(records.some((r) => r.instance === ''), 'a record without an instance label round-trips');
    t.same(await readAll(t, store), sortedNewestFirst(records));
  });

  withStore('newest first by event time at full precision, then by id', async (t, store) => {
    const at = (startsAt: string, id: string) => makeRecord({ startsAt, id, labels: { n: id } });
    const records = [
      at(`${DAY}T10:00:00Z`, 'm'),
      at(`${DAY}T10:00:00.000Z`, 'a'), // the same instant as 'm', written differently
      at(`${DAY}T10:00:00.5Z`, 'b'),
      at(`${DAY}T10:00:00.000100Z`, 'd'), // a tenth of a millisecond later than 'm'...
      at(`${DAY}T10:00:00.000000200Z`, 'e'), // ...and 200 ns later: sub-millisecond order counts
      at(`${DAY}T12:00:00.000+02:00`, 'c'), // the same instant as 'm' in another zone
      at(`${DAY}T09:59:59.999999999Z`, 'x'),
      at(`${DAY_BEFORE}T10:00:00.000Z`, 'q'),
    ];
    await store.append(records);
    t.same(ids((await store.query({}, 100)).records), ['b', 'd', 'e', 'm', 'c', 'a', 'x', 'q']);
    t.same(ids(await readAll(t, store, {}, 1)), ['b', 'd', 'e', 'm', 'c', 'a', 'x', 'q']);
    t.same(ids((await store.query({ since: `${DAY}T10:00:00Z`, until: `${DAY}T10:00:00.000100Z` }, 100)).records), ['e', 'm', 'c', 'a']);
  });

  withStore('keyset pages through ties without skipping or repeating', async (t, store) => {
    const records = manyRecords(61);
    await store.append(records);
    const expected = ids(sortedNewestFirst(records));
    for (const limit of [1, 3, 7, 61, 1000]) t.same(ids(await readAll(t, store, {}, limit)), expected, `limit ${limit}`);
    const host0 = ids(sortedNewestFirst(records.filter((r) => r.instance === 'host-0:9110')));
    t.same(ids(await readAll(t, store, { instance: 'host-0:9110' }, 4)), host0, 'with a filter');
  });

  withStore('paging while records arrive never skips or repeats the records that existed', async (t, store) => {
    const existing = manyRecords(40);
    await store.append(existing);
    const first = await store.query({}, 10);
    const boundary = first.records.at(-1) as NotificationRecord;
    const arriving = [
      makeRecord({ startsAt: plusMs(BASE, 86_400_000), labels: { n: 'newer' } }),
      makeRecord({ startsAt: plusMs(BASE, -30 * 86_400_000), labels: { n: 'older' } }),
      makeRecord({ startsAt: boundary.startsAt, id: `${boundary.id}0`, labels: { n: 'tie, greater id' } }),
      makeRecord({ startsAt: boundary.startsAt, id: boundary.id.slice(0, -1), labels: { n: 'tie, smaller id' } }),
    ];
    t.match(await store.append(arriving), { inserted: 4, duplicates: 0 });
    t.equal((await readAll(t, store, {}, 10)).length, 44, 'read again from the start: all of them');
    const seen = [...first.records];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await store.query({}, 10, cursor);
      seen.push(...page.records);
      cursor = page.nextCursor;
    }
    t.same(ids(seen), ids(sortedNewestFirst(seen)), 'strictly newest first across pages');
    t.equal(new Set(ids(seen)).size, seen.length, 'no record twice');
    for (const record of existing) t.ok(ids(seen).includes(record.id), `existing ${record.labels.mountpoint} seen`);
    const [newer, older, tieGreater, tieSmaller] = arriving.map((r) => r.id);
    t.notOk(ids(seen).includes(newer as string), 'newer than the cursor: not on later pages');
    t.notOk(ids(seen).includes(tieGreater as string), 'sorted before the cursor: not on later pages');
    t.ok(ids(seen).includes(older as string), 'older than the cursor: on a later page');
    t.ok(ids(seen).includes(tieSmaller as string), 'sorted after the cursor: on a later page');
  });

  withStore('labels, annotations and every field round-trip exactly', async (t, store) => {
    const odd = 'a "quoted" \\back\\slash\\ key=value, comma\nnew line\ttab  spaces ünïcödé 日本語 🔥🚒 \'single\' {braces}';
    const record = makeRecord({
      alertname: `Odd name, with=${odd.slice(0, 12)} 🔥`,
      instance: `host "x",y=z\\ 🔥:9110`,
      severity: 'critical ✨ = yes, really',
      labels: { mountpoint: odd, device: '', job: 'node\\' },
      annotations: { summary: odd, description: '', 'odd-key with space=and,comma': '"✓"\\' },
      generatorURL: 'http://prometheus:9090/graph?g0.expr=rate(x%5B5m%5D)+%3E+0&g0.tab=1#frag',
      groupKey: `{}/{severity="critical"}:{alertname="${odd}"}`,
      receiver: 'team "ops", night 🌙',
      externalURL: 'https://am.example.org/prefix?a=b&c=d',
      startsAt: `${DAY}T10:00:00.123456789Z`,
      receivedAt: `${DAY}T10:00:01.999Z`,
    });
    const resolved = { ...record, id: `${record.id}-resolved`, status: 'resolved' as const, endsAt: `${DAY}T12:05:00.5+02:00` };
    await store.append([record, resolved]);
    t.same((await store.query({}, 10)).records, sortedNewestFirst([record, resolved]));
    t.same((await store.query({ alertname: record.alertname, instance: record.instance, severity: record.severity, status: 'firing' }, 10)).records, [record]);
  });

  withStore('a cursor this store did not issue is an InvalidCursorError', async (t, store) => {
    await store.append(manyRecords(5));
    const foreign = [
      'not a cursor',
      '%%%',
      Buffer.from('{}').toString('base64url'),
      Buffer.from('[1,2,3]').toString('base64url'),
      Buffer.from('{"time":"2024-05-01T10:00:00Z","id":5}').toString('base64url'),
      Buffer.from('{"rowid":12}').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ];
    for (const cursor of foreign) await t.rejects(store.query({}, 10, cursor), InvalidCursorError, JSON.stringify(cursor));
    const page = await store.query({}, 2);
    t.type(page.nextCursor, 'string');
    t.equal((await store.query({}, 2, page.nextCursor as string)).records.length, 2, 'its own cursor works');
  });

  withStore('limit is 1 to 1,000', async (t, store) => {
    const records = manyRecords(1003, undefined, 50);
    t.match(await store.append(records), { inserted: 1003, duplicates: 0 });
    const page = await store.query({}, 1000);
    t.equal(page.records.length, 1000);
    t.not(page.nextCursor, null);
    t.equal((await store.query({}, 1000, page.nextCursor as string)).records.length, 3);
    t.equal((await store.query({}, 1)).records.length, 1);
    for (const limit of [0, -1, 1001, 2.5, Number.NaN]) await t.rejects(store.query({}, limit), RangeError, `limit ${limit}`);
  });
}

const eventMs = (r: NotificationRecord): number => Date.parse(r.status === 'firing' ? r.startsAt : r.endsAt);
