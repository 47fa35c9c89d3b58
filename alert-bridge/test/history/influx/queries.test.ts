import t from 'tap';
import { createRetentionPolicy, Parameters, selectOccupied, selectRecords } from '../../../src/history/influx/queries.js';

const FROM = '"hostwatch_history"."notifications"';
const hostile = `x' OR 1=1; DROP DATABASE "hostwatch" -- \\ "`;

t.test('values are bound parameters, never statement text', async (t) => {
  const params = new Parameters();
  const text = selectRecords(FROM, { alertname: hostile, status: 'firing' }, { from: 1_000_000n, to: 2_000_000n }, 101, params);
  t.equal(text, `SELECT * FROM ${FROM} WHERE "alertname" = $p0 AND "status" = $p1 AND time >= $p2 AND time < $p3 ORDER BY time DESC LIMIT 101`);
  t.same(params.values, { p0: hostile, p1: 'firing', p2: '1970-01-01T00:00:00.001000000Z', p3: '1970-01-01T00:00:00.002000000Z' });
  t.notMatch(text, /DROP/);
});

t.test('no conditions, no limit', async (t) => {
  t.equal(selectRecords(FROM, {}, {}, undefined, new Parameters()), `SELECT * FROM ${FROM} ORDER BY time DESC`);
  t.throws(() => selectRecords(FROM, {}, {}, 0, new Parameters()), RangeError);
  t.throws(() => selectRecords(FROM, {}, {}, 1.5, new Parameters()), RangeError);
});

t.test('occupancy reads one whole series, an empty value matching the absent tag', async (t) => {
  const params = new Parameters();
  const text = selectOccupied(FROM, { alertname: 'A', instance: '', severity: hostile, status: 'resolved' }, { from: 0n, to: 1_000_000n }, params);
  t.equal(text, `SELECT "id" FROM ${FROM} WHERE "alertname" = $p0 AND "instance" = $p1 AND "severity" = $p2 AND "status" = $p3 AND time >= $p4 AND time < $p5`);
  t.same(params.values.p1, '');
  t.same(params.values.p2, hostile);
});

t.test('a retention duration is checked before it becomes statement text', async (t) => {
  t.equal(createRetentionPolicy('hostwatch_history', 'hw"db', '400d'), 'CREATE RETENTION POLICY "hostwatch_history" ON "hw\\"db" DURATION 400d REPLICATION 1 DEFAULT');
  t.match(createRetentionPolicy('rp', 'db', '1w2d12h'), /DURATION 1w2d12h /);
  t.match(createRetentionPolicy('rp', 'db', 'INF'), /DURATION INF /);
  for (const bad of ['', '400', '400 days', '1d; DROP DATABASE db', 'inf']) t.throws(() => createRetentionPolicy('rp', 'db', bad), RangeError, bad);
});
