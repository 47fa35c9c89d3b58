import t from 'tap';
import { loadavgFamilies, parseLoadavg } from '../../src/collectors/loadavg.js';

t.test('parseLoadavg reads the three averages', async (t) => {
  t.same(parseLoadavg('0.47 0.23 0.12 5/79 2865\n'), [0.47, 0.23, 0.12]);
});

t.test('parseLoadavg rejects a truncated file', async (t) => {
  t.throws(() => parseLoadavg('0.47 0.23\n'), /unexpected \/proc\/loadavg/);
});

t.test('loadavgFamilies uses node_exporter names', async (t) => {
  t.same(
    loadavgFamilies([1, 5, 15]).map((f) => [f.name, f.type, f.samples[0]?.value]),
    [
      ['node_load1', 'gauge', 1],
      ['node_load5', 'gauge', 5],
      ['node_load15', 'gauge', 15],
    ],
  );
});
