import fc from 'fast-check';
import t from 'tap';
import { formatDuration, parseDuration } from '../../../src/bot/arguments/duration.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

t.test('Prometheus durations', async (t) => {
  const cases: [string, number][] = [
    ['90s', 90 * S],
    ['30m', 30 * M],
    ['2h', 2 * H],
    ['1d', D],
    ['1w', 7 * D],
    ['1y', 365 * D],
    ['1h30m', 90 * M],
    ['1w2d3h4m5s6ms', 7 * D + 2 * D + 3 * H + 4 * M + 5 * S + 6],
    ['500ms', 500],
    ['0s', 0],
    ['120m', 120 * M],
  ];
  for (const [text, ms] of cases) t.equal(parseDuration(text), ms, text);
});

t.test('not durations', async (t) => {
  for (const text of ['', '2', 'h', '2H', '1.5h', '30m1h', '1h1h', '-1h', '+1h', ' 1h', '1h ', '2 h', 'ms', '1hour', '1m30', 'instance=a']) {
    t.equal(parseDuration(text), undefined, JSON.stringify(text));
  }
});

t.test('formatting uses the largest units first', async (t) => {
  t.equal(formatDuration(90 * M), '1h30m');
  t.equal(formatDuration(90 * D), '90d');
  t.equal(formatDuration(45 * S), '45s');
  t.equal(formatDuration(0), '0s');
  t.equal(formatDuration(D + 1 * S), '1d1s');
});

t.test('property: formatted whole seconds parse back to the same length', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400 }), (seconds) => parseDuration(formatDuration(seconds * S)) === seconds * S),
    ),
  );
});
