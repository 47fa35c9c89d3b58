import t from 'tap';
import {
  firstSlot,
  millisecondOf,
  nanosToRfc3339,
  nextSlot,
  pointTime,
  rfc3339ToNanos,
  slotOf,
} from '../../../src/history/influx/timestamp.js';

t.test('RFC 3339 to nanoseconds, every precision and zone Alertmanager may send', async (t) => {
  const ms = BigInt(Date.parse('2026-11-22T12:28:40.309Z')) * 1_000_000n;
  t.equal(rfc3339ToNanos('2026-11-22T12:28:40.309Z'), ms);
  t.equal(rfc3339ToNanos('2026-11-22T12:28:40.309000000Z'), ms);
  t.equal(rfc3339ToNanos('2026-11-22T12:28:40.309000001Z'), ms + 1n);
  t.equal(rfc3339ToNanos('2026-11-22T12:28:40.3091Z'), ms + 100_000n);
  t.equal(rfc3339ToNanos('2026-11-22T13:28:40.309+01:00'), ms);
  t.equal(rfc3339ToNanos('2026-11-22T10:28:40.309-02:00'), ms);
  t.equal(rfc3339ToNanos('2026-11-22t12:28:40.309z'), ms);
  t.equal(rfc3339ToNanos('2026-11-22T12:28:40Z'), ms - 309_000_000n);
  t.equal(rfc3339ToNanos('1969-12-31T23:59:59.999999999Z'), -1n);
  for (const bad of ['', '2026-11-22', '2026-11-22T12:28:40', '2026-11-22T12:28:40.1234567891Z', '2026-13-40T12:28:40Z', 'yesterday'])
    t.throws(() => rfc3339ToNanos(bad), RangeError, JSON.stringify(bad));
});

t.test('nanoseconds to RFC 3339 with nine digits, and back', async (t) => {
  t.equal(nanosToRfc3339(0n), '1970-01-01T00:00:00.000000000Z');
  t.equal(nanosToRfc3339(-1n), '1969-12-31T23:59:59.999999999Z');
  t.equal(nanosToRfc3339(1_795_000_000_123_456_789n), '2026-11-18T11:06:40.123456789Z');
  for (const n of [0n, -1n, 1n, 999_999n, 1_000_000n, 1_795_000_000_123_456_789n, -86_400_000_000_001n])
    t.equal(rfc3339ToNanos(nanosToRfc3339(n)), n);
});

t.test('a point keeps its millisecond; the slot fills the nanoseconds below it', async (t) => {
  const event = rfc3339ToNanos('2026-11-22T12:28:40.309123456Z');
  t.equal(millisecondOf(event), rfc3339ToNanos('2026-11-22T12:28:40.309Z'));
  t.equal(millisecondOf(-1n), -1_000_000n, 'floors before 1970 too');
  const time = pointTime(event, 4242);
  t.equal(time, rfc3339ToNanos('2026-11-22T12:28:40.309004242Z'));
  t.equal(slotOf(time), 4242);
  t.equal(millisecondOf(pointTime(event, 999_999)), millisecondOf(event));
  t.throws(() => pointTime(event, 1_000_000), RangeError);
  t.throws(() => pointTime(event, -1), RangeError);
  t.throws(() => pointTime(rfc3339ToNanos('1600-01-01T00:00:00Z'), 0), RangeError, 'before what InfluxDB stores');
  t.throws(() => pointTime(rfc3339ToNanos('2300-01-01T00:00:00Z'), 0), RangeError, 'after what InfluxDB stores');
  t.equal(nextSlot(5), 6);
  t.equal(nextSlot(999_999), 0, 'wraps inside the millisecond');
});

t.test('the first slot is a stable, well spread function of the id', async (t) => {
  t.equal(firstSlot('a'), firstSlot('a'));
  // sha256("a") begins ca978112ca1b: 0xca978112ca1b mod 1e6
  t.equal(firstSlot('a'), Number(0xca978112ca1bn % 1_000_000n));
  const slots = new Set(Array.from({ length: 1000 }, (_, i) => firstSlot(`alert-${i}`)));
  t.ok(slots.size > 990, `1000 ids took ${slots.size} slots`);
  for (const slot of slots) t.ok(slot >= 0 && slot < 1_000_000 && Number.isInteger(slot));
});
