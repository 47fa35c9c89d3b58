import t from 'tap';
import { isRfc3339, utcInstant } from '../src/rfc3339.js';

t.test('RFC 3339 as Go writes it, and nothing else', async (t) => {
  for (const good of ['2026-11-22T12:28:40.309Z', '0001-01-01T00:00:00Z', '2026-11-22T12:28:40.123456789+02:00', '2024-02-29t00:00:00z', '2016-12-31T23:59:60Z']) {
    t.ok(isRfc3339(good), good);
  }
  for (const bad of ['2026-11-22', '2026-11-22 12:28:40Z', '2026-11-22T12:28:40', '2026-13-01T00:00:00Z', '2025-02-29T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22T12:28:40.1234567890Z', '2026-11-22T12:28:40+2:00', 'yesterday', '']) {
    t.notOk(isRfc3339(bad), bad);
  }
});

t.test('one instant, one canonical text, in time order', async (t) => {
  t.equal(utcInstant('2026-11-22T12:28:40.309Z'), '2026-11-22T12:28:40.309000000Z');
  t.equal(utcInstant('2026-11-22T14:28:40.309+02:00'), '2026-11-22T12:28:40.309000000Z');
  t.equal(utcInstant('2026-11-22T00:28:40.309-12:00'), '2026-11-22T12:28:40.309000000Z');
  t.equal(utcInstant('2026-11-22T12:28:40.000000001Z'), '2026-11-22T12:28:40.000000001Z');
  t.equal(utcInstant('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.000000000Z', "Alertmanager's zero time stays in year 1");
  t.equal(utcInstant('0050-06-01T00:00:00Z'), '0050-06-01T00:00:00.000000000Z', 'years below 100 are not 19xx');
  t.equal(utcInstant('2024-01-01T01:30:00+01:30'), '2024-01-01T00:00:00.000000000Z');
  t.equal(utcInstant('2024-01-01T00:30:00+01:00'), '2023-12-31T23:30:00.000000000Z', 'across a year boundary');
  t.ok(utcInstant('2026-11-22T12:28:40.5Z') > utcInstant('2026-11-22T12:28:40.499999999Z'));
  t.throws(() => utcInstant('soon'), RangeError);
});

t.test('an offset that carries the instant out of years 0000-9999 in UTC is refused', async (t) => {
  t.notOk(isRfc3339('0000-01-01T00:30:00+01:00'), 'year -1 in UTC');
  t.notOk(isRfc3339('9999-12-31T23:30:00-01:00'), 'year 10000 in UTC');
  t.ok(isRfc3339('0000-01-01T00:30:00-01:00'));
  t.ok(isRfc3339('9999-12-31T23:30:00+01:00'));
  t.equal(utcInstant('0001-01-01T00:00:00Z'), '0001-01-01T00:00:00.000000000Z', "Alertmanager's zero time");
  t.throws(() => utcInstant('9999-12-31T23:59:59-00:01'), RangeError);
});
