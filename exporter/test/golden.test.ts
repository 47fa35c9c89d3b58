import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import t from 'tap';
import { parseExposition, type ParsedFamily } from '../../test/helpers/exposition-parser.js';
import { parseCommandLine } from '../src/cli.js';
import '../src/collectors/index.js';
import { createCollectors } from '../src/exporter.js';
import { renderFamilies } from '../src/exposition.js';
import { scrape } from '../src/scrape.js';

// The whole /metrics for recorded /proc and /sys, against node_exporter 1.5.0's own output for the same
// files (fixtures/golden/README.md says how it was made).
const fixtures = fileURLToPath(new URL('fixtures', import.meta.url));
const golden = parseExposition(await readFile(`${fixtures}/golden/node_exporter-1.5.0.prom`, 'utf8'));

const config = parseCommandLine(
  [
    'node', 'main', `--path.procfs=${fixtures}/proc`, `--path.sysfs=${fixtures}/sys`,
    '--collector.disable-defaults', '--collector.cpu', '--collector.meminfo', '--collector.loadavg', '--collector.stat',
  ],
  true,
);
const { body } = await renderFamilies(await scrape(createCollectors(config, pino({ level: 'silent' })), pino({ level: 'silent' })), 'text');
const ours = parseExposition(body);

// Families about the program rather than the host: build info, and Go's promhttp handler errors that
// node_exporter serves even with --web.disable-exporter-metrics.
const OWN_NAME = new Set(['node_exporter_build_info', 'hostwatch_exporter_build_info', 'promhttp_metric_handler_errors_total']);

function series(family: ParsedFamily | undefined): Map<string, number> {
  // Durations differ at every scrape; node_exporter's were removed from the golden file.
  if (family?.name === 'node_scrape_collector_duration_seconds') return new Map();
  return new Map((family?.samples ?? []).map((s) => [`${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`, s.value]));
}

t.test('every node_exporter family is present with the same type and help', async (t) => {
  for (const [name, theirs] of golden) {
    if (OWN_NAME.has(name)) continue;
    const mine = ours.get(name);
    t.ok(mine, `${name} is exported`);
    t.equal(mine?.type, theirs.type, `${name} type`);
    t.equal(mine?.help, theirs.help, `${name} help`);
  }
});

t.test('every series has the same labels and value as node_exporter', async (t) => {
  for (const [name, theirs] of golden) {
    if (OWN_NAME.has(name)) continue;
    t.same(series(ours.get(name)), series(theirs), name);
  }
});

t.test('we export no node_* family node_exporter does not', async (t) => {
  const extra = [...ours.keys()].filter((name) => !golden.has(name) && !OWN_NAME.has(name));
  t.same(extra, []);
});
