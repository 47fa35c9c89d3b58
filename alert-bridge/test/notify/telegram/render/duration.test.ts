import t from 'tap';
import { durationBetween, formatDuration, formatTime, instantMs, isZeroTime } from '../../../../src/notify/telegram/render/duration.js';

t.test('the two largest units a reader wants', async (t) => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const cases: [number, string][] = [
    [0, '0s'],
    [999, '0s'],
    [45 * s, '45s'],
    [5 * m + 59 * s, '5m'],
    [2 * h, '2h'],
    [2 * h + 3 * m + 10 * s, '2h 3m'],
    [23 * h + 59 * m, '23h 59m'],
    [3 * d, '3d'],
    [3 * d + 4 * h + 30 * m, '3d 4h'],
    [400 * d + h, '400d 1h'],
    [-5 * m, '0s'],
  ];
  for (const [ms, text] of cases) t.equal(formatDuration(ms), text, `${ms} ms`);
});

t.test('between two RFC 3339 times, any offset or precision', async (t) => {
  t.equal(durationBetween('2026-11-22T12:28:40.309Z', '2026-11-22T12:29:02.309Z'), '22s');
  t.equal(durationBetween('2026-11-22T12:28:40.123456789+02:00', new Date('2026-11-22T10:31:40.200Z')), '3m');
  t.equal(durationBetween('2026-11-22T12:00:00Z', new Date('2026-11-25T16:30:00Z')), '3d 4h');
  t.equal(durationBetween('not a time', new Date()), '');
  t.equal(durationBetween('2026-11-22T12:00:00Z', 'later'), '');
});

t.test("Alertmanager's zero time is no end", async (t) => {
  t.ok(isZeroTime('0001-01-01T00:00:00Z'));
  t.notOk(isZeroTime('2026-11-22T12:29:02.309Z'));
  t.equal(instantMs('2026-11-22T12:29:02.309999999Z'), Date.parse('2026-11-22T12:29:02.309Z'));
});

t.test('times to the minute, UTC', async (t) => {
  t.equal(formatTime('2026-11-22T14:28:40.309+02:00'), '2026-11-22 12:28 UTC');
  t.equal(formatTime('garbage'), 'garbage');
});
