import t from 'tap';
import { executeCommit, planCommit, prepare, type IdsInFlight } from '../../../src/history/influx/append.js';
import { InfluxStoreError } from '../../../src/history/influx/errors.js';
import { OccupancyCache } from '../../../src/history/influx/occupancy.js';
import { nextSlot } from '../../../src/history/influx/timestamp.js';
import { makeRecord } from '../records.js';
import { collidingIds, fakeClient } from './fake-client.js';

const FROM = '"hostwatch_history"."notifications"';
const setup = () => ({ cache: new OccupancyCache(fakeClient().client, FROM, 1000), inFlight: new Map() as IdsInFlight });
const record = (n: string, id?: string) => prepare(makeRecord({ labels: { n }, id }));

t.test('new records are written, duplicates in the commit are counted', async (t) => {
  const { cache, inFlight } = setup();
  const [a, b] = [record('a'), record('b')];
  const plan = await planCommit(cache, inFlight, [[a, b, a], [b]]);
  t.same(plan.map((job) => job.result), [
    { inserted: 2, duplicates: 1, insertedIds: [a.record.id, b.record.id] },
    { inserted: 0, duplicates: 1, insertedIds: [] },
  ]);
  const written: string[][] = [];
  const outcomes = await executeCommit(cache, inFlight, async (lines) => void written.push([...lines]), plan);
  t.same(outcomes.map((outcome) => outcome.ok), [true, true]);
  t.same(written, [[a.lines, b.lines]], 'one write');
  const again = await planCommit(cache, inFlight, [[a, b]]);
  t.same(again[0]?.result, { inserted: 0, duplicates: 2, insertedIds: [] });
  t.equal(inFlight.size, 0);
});

t.test('two ids with the same first slot in one series and millisecond take two slots', async (t) => {
  const { cache, inFlight } = setup();
  const [one, two] = collidingIds().map((id) => record(id, id));
  t.equal(one?.firstSlot, two?.firstSlot);
  const plan = await planCommit(cache, inFlight, [[one!], [two!]]);
  t.equal(plan[0]?.lines[0], one?.lines);
  t.not(plan[1]?.lines[0], two?.lines, 'the second moved on');
  const moved = ` ${two!.millisecond + BigInt(nextSlot(two!.firstSlot))}`;
  t.same(plan[1]?.lines[0]?.split('\n').map((line) => line.endsWith(moved)), [true, true, true], 'all its points');
});

t.test('a duplicate of a record still being written settles with that write', async (t) => {
  const { cache, inFlight } = setup();
  const r = record('r');
  const first = await planCommit(cache, inFlight, [[r]]);
  const second = await planCommit(cache, inFlight, [[r, record('s')]]);
  t.same(second[0]?.result, { inserted: 1, duplicates: 1, insertedIds: [second[0]?.written[0]?.record.id] });
  let failFirst!: (error: unknown) => void;
  const firstWrite = new Promise<void>((_, reject) => (failFirst = reject));
  const firstOutcome = executeCommit(cache, inFlight, () => firstWrite, first);
  const secondOutcome = executeCommit(cache, inFlight, async () => {}, second);
  const failure = new InfluxStoreError('timeout', 'slow');
  failFirst(failure);
  t.same(await firstOutcome, [{ ok: false, error: failure }]);
  t.same(await secondOutcome, [{ ok: false, error: failure }], 'acknowledging it would lose r');
  const retry = await planCommit(cache, inFlight, [[r]]);
  t.same(retry[0]?.result, { inserted: 1, duplicates: 0, insertedIds: [r.record.id] }, 'r is written by the next delivery');
});

t.test('after a failed write, its record may take its slot again, another record may not', async (t) => {
  const { cache, inFlight } = setup();
  const [one, two] = collidingIds('late-').map((id) => record(id, id));
  const failed = await planCommit(cache, inFlight, [[one!]]);
  await executeCommit(cache, inFlight, async () => {
    throw new InfluxStoreError('timeout', 'the write may still land');
  }, failed);
  const next = await planCommit(cache, inFlight, [[two!], [one!]]);
  t.not(next[0]?.lines[0], two?.lines, 'the other record keeps off the slot the late write may fill');
  t.equal(next[1]?.lines[0], one?.lines, 'the retry overwrites itself, wherever the first write landed');
});

t.test('a batch InfluxDB refuses for good is written job by job', async (t) => {
  const { cache, inFlight } = setup();
  const good = record('good');
  const bad = record('bad');
  const plan = await planCommit(cache, inFlight, [[good], [bad]]);
  const writes: number[] = [];
  const refused = new InfluxStoreError('rejected', 'partial write: field type conflict', 400);
  const outcomes = await executeCommit(cache, inFlight, async (lines) => {
    writes.push(lines.length);
    if (lines.some((line) => line.includes('bad'))) throw refused;
  }, plan);
  t.same(writes, [2, 1, 1]);
  t.same(outcomes, [{ ok: true, value: { inserted: 1, duplicates: 0, insertedIds: [good.record.id] } }, { ok: false, error: refused }]);
});

t.test('a transient failure fails the whole commit at once', async (t) => {
  const { cache, inFlight } = setup();
  const plan = await planCommit(cache, inFlight, [[record('x')], [record('y')]]);
  let writes = 0;
  const down = new InfluxStoreError('unreachable', 'ECONNREFUSED');
  const outcomes = await executeCommit(cache, inFlight, async () => {
    writes++;
    throw down;
  }, plan);
  t.equal(writes, 1);
  t.same(outcomes, [{ ok: false, error: down }, { ok: false, error: down }]);
});

t.test('a record InfluxDB cannot hold is refused before it joins a commit', async (t) => {
  t.throws(() => prepare(makeRecord({ startsAt: '1500-01-01T00:00:00Z' })), RangeError);
  t.throws(() => prepare(makeRecord({ startsAt: 'yesterday' })), RangeError);
});
