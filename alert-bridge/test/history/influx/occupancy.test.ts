import t from 'tap';
import { prepare } from '../../../src/history/influx/append.js';
import { OccupancyCache } from '../../../src/history/influx/occupancy.js';
import { nanosToRfc3339, pointTime } from '../../../src/history/influx/timestamp.js';
import { makeRecord, plusMs } from '../records.js';
import { fakeClient } from './fake-client.js';

const FROM = '"hostwatch_history"."notifications"';
const at = (ms: number) => prepare(makeRecord({ startsAt: plusMs('2026-11-22T12:00:00.000Z', ms), labels: { n: String(ms) } }));

t.test('an empty measurement: nothing is read but the watermark, once', async (t) => {
  const { client, requests } = fakeClient();
  const cache = new OccupancyCache(client, FROM, 1000);
  const records = [at(0), at(1), at(1)];
  const occupancy = await cache.occupancyOf(records);
  t.equal(requests.length, 1);
  t.match(requests[0]?.statements[0], /ORDER BY time DESC LIMIT 1$/);
  t.same(occupancy.map((o) => o.ids.size), [0, 0, 0]);
  records.slice(0, 2).forEach((r) => cache.reserve(r, r.firstSlot, r.record.id));
  cache.stored(records.slice(0, 2), records.slice(0, 2).map((r) => r.record.id));
  const again = await cache.occupancyOf(records);
  t.equal(requests.length, 1, 'still no read');
  t.ok(again[0]?.ids.has(records[0]?.record.id as string));
  t.ok(again[1]?.slots.has(records[1]?.firstSlot as number));
});

t.test('at or before the watermark, one read per (series, millisecond); after it, none', async (t) => {
  const old = at(0);
  const stored = makeRecord({ startsAt: plusMs('2026-11-22T12:00:00.000Z', 0), labels: { n: 'other' } });
  const storedTime = pointTime(old.millisecond, 77);
  const { client, requests } = fakeClient((statement) => {
    if (/LIMIT 1$/.test(statement)) return [{ columns: ['time', 'id'], values: [[nanosToRfc3339(old.millisecond + 5_000_000n), 'x']] }];
    return [{ columns: ['time', 'id'], values: [[nanosToRfc3339(storedTime), stored.id]] }];
  });
  const cache = new OccupancyCache(client, FROM, 1000);
  const [occupied, fresh] = await cache.occupancyOf([old, at(6)]);
  t.equal(requests.length, 2, 'watermark, then one read');
  t.equal(requests[1]?.statements.length, 1, 'for the one record at or before the watermark');
  t.same(Object.values(requests[1]?.params ?? {}).slice(0, 1), ['firing'], 'the timeline series');
  t.ok(occupied?.ids.has(stored.id));
  t.ok(occupied?.slots.has(77));
  t.equal(fresh?.ids.size, 0);
  await cache.occupancyOf([old, at(6)]);
  t.equal(requests.length, 2, 'both known now');
});

t.test('a failed write makes its milliseconds unknown until read again', async (t) => {
  const { client, requests } = fakeClient();
  const cache = new OccupancyCache(client, FROM, 1000);
  const record = at(0);
  await cache.occupancyOf([record]);
  cache.reserve(record, record.firstSlot, record.record.id);
  cache.uncertain([record]);
  await cache.occupancyOf([record]);
  t.equal(requests.length, 2, 'read again');
  await cache.occupancyOf([record]);
  t.equal(requests.length, 2, 'and known after');
});

t.test('the cache forgets the oldest milliseconds and reads them again when needed', async (t) => {
  const { client, requests } = fakeClient();
  const cache = new OccupancyCache(client, FROM, 4);
  const records = [0, 1, 2, 3, 4, 5].map(at);
  await cache.occupancyOf(records);
  records.forEach((r) => cache.reserve(r, r.firstSlot, r.record.id));
  cache.stored(records, records.map((r) => r.record.id));
  t.equal(requests.length, 1);
  await cache.occupancyOf([records[5] as (typeof records)[number]]);
  t.equal(requests.length, 1, 'the newest is still known');
  await cache.occupancyOf([records[0] as (typeof records)[number]]);
  t.equal(requests.length, 2, 'the oldest was forgotten: read');
  await cache.occupancyOf([at(7)]);
  t.equal(requests.length, 2, 'past everything forgotten: no read');
});

t.test('a millisecond being written is never forgotten', async (t) => {
  const { client, requests } = fakeClient();
  const cache = new OccupancyCache(client, FROM, 2);
  const writing = at(0);
  await cache.occupancyOf([writing]);
  cache.reserve(writing, writing.firstSlot, writing.record.id);
  const others = [1, 2, 3, 4].map(at);
  await cache.occupancyOf(others);
  others.forEach((r) => cache.reserve(r, r.firstSlot, r.record.id));
  cache.stored(others, others.map((r) => r.record.id));
  const [entry] = await cache.occupancyOf([writing]);
  t.equal(requests.length, 1, 'not read: still known');
  t.ok(entry?.slots.has(writing.firstSlot), 'with its reserved slot');
});
