// Unit test of test/helpers/exposition-parser.ts; it lives here because tap skips test/helpers/.
import t from 'tap';
import { ExpositionParseError, parseExposition, parseSampleValue } from './helpers/exposition-parser.js';

const summarize = (text: string, format: 'text' | 'openmetrics' = 'text') =>
  [...parseExposition(text, format).values()].map((f) => ({
    name: f.name,
    type: f.type,
    help: f.help,
    samples: f.samples.map((s) => [s.name, s.labels, s.value, s.timestamp]),
  }));

t.test('reads HELP, TYPE and samples of node_exporter output', async (t) => {
  const text = [
    '# HELP node_boot_time_seconds Node boot time, in unixtime.',
    '# TYPE node_boot_time_seconds gauge',
    'node_boot_time_seconds 1.795472377e+09',
    '# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.',
    '# TYPE node_cpu_seconds_total counter',
    'node_cpu_seconds_total{cpu="0",mode="idle"} 674.56',
    'node_cpu_seconds_total{cpu="0",mode="user"} 39.57',
    '',
  ].join('\n');
  t.same(summarize(text), [
    {
      name: 'node_boot_time_seconds',
      type: 'gauge',
      help: 'Node boot time, in unixtime.',
      samples: [['node_boot_time_seconds', {}, 1795472377, undefined]],
    },
    {
      name: 'node_cpu_seconds_total',
      type: 'counter',
      help: 'Seconds the CPUs spent in each mode.',
      samples: [
        ['node_cpu_seconds_total', { cpu: '0', mode: 'idle' }, 674.56, undefined],
        ['node_cpu_seconds_total', { cpu: '0', mode: 'user' }, 39.57, undefined],
      ],
    },
  ]);
});

t.test('unescapes label values and HELP text', async (t) => {
  const text = [
    '# HELP m A \\\\ backslash and a\\nnewline.',
    'm{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",tricky="},{=\\" x"} 1',
    '',
  ].join('\n');
  const family = parseExposition(text).get('m');
  t.equal(family?.help, 'A \\ backslash and a\nnewline.');
  t.same(family?.samples[0]?.labels, { path: 'C:\\dir', quote: 'say "hi"', nl: 'a\nb', tricky: '},{=" x' });
});

t.test('accepts the text format liberties: blanks, trailing comma, comments, timestamps', async (t) => {
  const text = ['# a plain comment', 'm { a = "1" , b="2", } \t 3 1700000000000 ', 'n{} 4', ''].join('\n');
  t.same(summarize(text), [
    { name: 'm', type: 'untyped', help: undefined, samples: [['m', { a: '1', b: '2' }, 3, 1700000000000]] },
    { name: 'n', type: 'untyped', help: undefined, samples: [['n', {}, 4, undefined]] },
  ]);
});

t.test('parses values as Go does', async (t) => {
  t.equal(parseSampleValue('1e+09'), 1e9);
  t.equal(parseSampleValue('-0.5'), -0.5);
  t.equal(parseSampleValue('.5'), 0.5);
  t.equal(parseSampleValue('+Inf'), Infinity);
  t.equal(parseSampleValue('-Inf'), -Infinity);
  t.ok(Number.isNaN(parseSampleValue('NaN')));
  t.throws(() => parseSampleValue(''), /not a number/);
  t.throws(() => parseSampleValue('0x10'), /not a number/);
  t.throws(() => parseSampleValue('1,5'), /not a number/);
});

t.test('groups histogram and summary samples into their family', async (t) => {
  const text = [
    '# TYPE h histogram',
    'h_bucket{le="1"} 2',
    'h_bucket{le="+Inf"} 3',
    'h_sum 4.5',
    'h_count 3',
    '# TYPE s summary',
    's{quantile="0.5"} 1',
    's_sum 2',
    's_count 2',
    '',
  ].join('\n');
  const families = parseExposition(text);
  t.same([...families.keys()], ['h', 's']);
  t.same(families.get('h')?.samples.map((s) => s.name), ['h_bucket', 'h_bucket', 'h_sum', 'h_count']);
  t.same(families.get('s')?.samples.map((s) => s.name), ['s', 's_sum', 's_count']);
});

t.test('rejects what Prometheus would reject', async (t) => {
  const rejects = (text: string, pattern: RegExp, format: 'text' | 'openmetrics' = 'text') =>
    t.throws(() => parseExposition(text, format), pattern, JSON.stringify(text));
  rejects('m{a="\\x"} 1\n', /line 1: invalid escape sequence "\\x"/);
  rejects('m{a="1} 1\n', /unterminated label value/);
  rejects('m{a="1",a="2"} 1\n', /label "a" given twice/);
  rejects('m{1a="1"} 1\n', /expected a label name/);
  rejects('m{a="1"} \n', /missing value/);
  rejects('m{a="1"} one\n', /"one" is not a number/);
  rejects('m 1 1.5\n', /not a valid timestamp/);
  rejects('m 1 2 3\n', /unexpected "3"/);
  rejects('1m 1\n', /expected a metric name/);
  rejects('m 1\nm 2\n', /line 2: series .* given twice/);
  rejects('m 1\nn 1\nm 2\n', /line 3: metric family "m" is not contiguous/);
  rejects('# TYPE m gauge\n# TYPE m counter\n', /second # TYPE/);
  rejects('m 1\n# TYPE m gauge\n', /comes after its samples/);
  rejects('# TYPE m widget\n', /unknown metric type "widget"/);
  rejects('# TYPE h histogram\nh 1\n', /does not belong in histogram family "h"/);
  rejects('# HELP m bad \\" escape\n', /invalid escape sequence/);
});

t.test('reads OpenMetrics: counter families without _total, UNIT, # EOF', async (t) => {
  const text = [
    '# HELP node_cpu_seconds Seconds the CPUs spent in each mode.',
    '# TYPE node_cpu_seconds counter',
    '# UNIT node_cpu_seconds seconds',
    'node_cpu_seconds_total{cpu="0",mode="idle"} 674.56',
    'node_cpu_seconds_created{cpu="0",mode="idle"} 1.7e9',
    '# TYPE up gauge',
    'up 1 1700000000.5',
    '# EOF',
    '',
  ].join('\n');
  const families = parseExposition(text, 'openmetrics');
  t.same([...families.keys()], ['node_cpu_seconds', 'up']);
  t.equal(families.get('node_cpu_seconds')?.unit, 'seconds');
  t.same(families.get('node_cpu_seconds')?.samples.map((s) => s.name), ['node_cpu_seconds_total', 'node_cpu_seconds_created']);
  t.equal(families.get('up')?.samples[0]?.timestamp, 1700000000.5);
});

t.test('rejects OpenMetrics that breaks its stricter rules', async (t) => {
  const rejects = (text: string, pattern: RegExp) =>
    t.throws(() => parseExposition(text, 'openmetrics'), pattern, JSON.stringify(text));
  rejects('up 1\n', /missing # EOF/);
  rejects('up 1\n# EOF', /does not end with a newline/);
  rejects('up 1\n# EOF\nup 2\n', /content after # EOF/);
  rejects('up 1\n\n# EOF\n', /line 2: empty line/);
  rejects('# just a comment\n# EOF\n', /comments other than/);
  rejects('# TYPE c counter\nc 1\n# EOF\n', /does not belong in counter family "c"/);
  rejects('# TYPE m untyped\n# EOF\n', /unknown metric type "untyped"/);
  rejects('up  1\n# EOF\n', /line 1: missing value/);
  rejects('# TYPE c counter\nc_total 1 # {trace_id="a"} 1\n# EOF\n', /exemplars are not supported/);
});

t.test('errors carry the line number', async (t) => {
  try {
    parseExposition('a 1\nb{ 2\n');
    t.fail('should have thrown');
  } catch (error) {
    t.type(error, ExpositionParseError);
    t.equal((error as ExpositionParseError).lineNumber, 2);
  }
});
