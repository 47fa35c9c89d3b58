import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';
import Registry from 'prom-client/lib/registry.js';
import t from 'tap';
import { parseExposition, type ParsedFamily } from '../../test/helpers/exposition-parser.js';
import { renderWithPromClient } from '../../test/helpers/prom-client-renderer.js';
import { ExporterMetrics } from '../src/exporter-metrics.js';
import { writeExposition, type ExpositionFormat } from '../src/exposition.js';
import type { MetricFamily } from '../src/metric-family.js';

const FORMATS: ExpositionFormat[] = ['text', 'openmetrics'];

// One label set shared by two families, as the filesystem collector shares one per mount.
const mount = { device: '/dev/sda1', fstype: 'ext4', mountpoint: '/srv/data' };

const families: MetricFamily[] = [
  {
    name: 'node_cpu_seconds_total',
    help: 'Seconds the CPUs spent in each mode.',
    type: 'counter',
    samples: [
      { labels: { cpu: '0', mode: 'idle' }, value: 674.56 },
      { labels: { cpu: '0', mode: 'user' }, value: 39.57 },
    ],
  },
  { name: 'node_forks', help: 'A counter whose name lacks _total.', type: 'counter', samples: [{ value: 7 }] },
  { name: 'node_filesystem_size_bytes', help: 'Filesystem size in bytes.', type: 'gauge', samples: [{ labels: mount, value: 1e12 }] },
  { name: 'node_filesystem_readonly', help: 'Filesystem read-only status.', type: 'gauge', samples: [{ labels: mount, value: 0 }] },
  {
    name: 'node_odd_values',
    help: 'Help with a \\ backslash,\na newline and "quotes".',
    type: 'gauge',
    samples: [
      { labels: { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb', unicode: 'Grüße ✓' }, value: -0 },
      { labels: {}, value: Number.POSITIVE_INFINITY },
      { value: Number.NEGATIVE_INFINITY },
      { value: 1e21 },
      { value: 1.5e-7 },
      { value: -42.125 },
    ],
  },
  { name: 'node_no_samples', help: 'A family with nothing to report this scrape.', type: 'gauge', samples: [] },
  { name: 'node_load1', help: '1m load average.', type: 'gauge', samples: [{ value: 0.47 }] },
];

t.test("writes byte for byte what prom-client's Registry writes for the same families", async (t) => {
  for (const format of FORMATS) {
    t.equal(writeExposition(families, format), await renderWithPromClient(families, format), format);
  }
});

t.test('an empty scrape is still a complete body', async (t) => {
  for (const format of FORMATS) t.equal(writeExposition([], format), await renderWithPromClient([], format), format);
});

t.test('NaN is spelled as the formats spell it (prom-client writes "Nan")', async (t) => {
  const nan: MetricFamily[] = [{ name: 'node_nan', help: 'Not a number.', type: 'gauge', samples: [{ value: Number.NaN }] }];
  for (const format of FORMATS) {
    t.match(writeExposition(nan, format), /^node_nan NaN$/m, format);
    t.ok(Number.isNaN(parseExposition(writeExposition(nan, format), format).get('node_nan')?.samples[0]?.value), format);
  }
});

t.test('a histogram keeps the names of its _bucket, _sum and _count samples', async (t) => {
  const histogram: MetricFamily[] = [
    {
      name: 'nodejs_gc_duration_seconds',
      help: 'Garbage collection duration by kind.',
      type: 'histogram',
      samples: [
        { name: 'nodejs_gc_duration_seconds_bucket', labels: { le: '0.001', kind: 'minor' }, value: 3 },
        { name: 'nodejs_gc_duration_seconds_bucket', labels: { le: '+Inf', kind: 'minor' }, value: 4 },
        { name: 'nodejs_gc_duration_seconds_sum', labels: { kind: 'minor' }, value: 0.0125 },
        { name: 'nodejs_gc_duration_seconds_count', labels: { kind: 'minor' }, value: 4 },
      ],
    },
  ];
  for (const format of FORMATS) {
    const body = writeExposition(histogram, format);
    t.match(body, /^nodejs_gc_duration_seconds_bucket\{le="\+Inf",kind="minor"\} 4$/m, format);
    t.match(body, /^nodejs_gc_duration_seconds_count\{kind="minor"\} 4$/m, format);
  }
});

// Which series these have depends on the moment of reading: the GC kinds seen, the handles active then.
const SERIES_OF_THE_MOMENT = new Set(['nodejs_gc_duration_seconds', 'nodejs_active_resources']);

/** Each family's type, help and the series it has, values left out: two reads never agree on those. */
function shape(body: string, format: ExpositionFormat): Map<string, { type: string; help?: string; series: string[] }> {
  const momentary = (family: ParsedFamily) => SERIES_OF_THE_MOMENT.has(family.name);
  return new Map(
    [...parseExposition(body, format)].map(([name, family]) => [
      name,
      {
        type: family.type,
        help: family.help,
        series: momentary(family) ? [] : family.samples.map((s) => `${s.name}${JSON.stringify(s.labels)}`).sort(),
      },
    ]),
  );
}

t.test("the exporter's own metrics come out as prom-client renders its defaults", async (t) => {
  const reference = new Registry();
  collectDefaultMetrics({ register: reference });
  const families = await new ExporterMetrics().families();
  for (const format of FORMATS) {
    reference.setContentType(format === 'text' ? Registry.PROMETHEUS_CONTENT_TYPE : (Registry.OPENMETRICS_CONTENT_TYPE as typeof Registry.PROMETHEUS_CONTENT_TYPE));
    const theirs = shape(await reference.metrics(), format);
    const ours = shape(writeExposition(families, format), format);
    for (const [name, family] of theirs) {
      if (name.startsWith('nodejs_eventloop_lag')) continue; // left out on purpose (exporter-metrics.ts)
      t.same(ours.get(name), family, `${format}: ${name}`);
    }
    t.ok(ours.has('process_virtual_memory_max_bytes'), `${format}: our own addition is there too`);
    t.notOk(ours.has('nodejs_eventloop_lag_seconds'), `${format}: event-loop lag is left out`);
  }
});
