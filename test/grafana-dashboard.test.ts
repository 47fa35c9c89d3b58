// Runs every query of the "Node Exporter Full" Grafana dashboard against a real Prometheus scraping both
// node_exporter and our exporter: whatever shows data for node_exporter must show data for ours.
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { collectorFlags, startHostwatchExporter, startNodeExporter } from './helpers/exporters.js';
import {
  expandVariables,
  panelQueries,
  parseLabelValuesQuery,
  readDashboard,
  staticVariableValue,
  templateVariable,
  unexpandedVariables,
  variableQuery,
  type Dashboard,
} from './helpers/grafana-dashboard.js';
import { waitFor } from './helpers/processes.js';
import { startPrometheus, type StartedPrometheus, staticScrapeConfig } from './helpers/prometheus.js';

// shared/ sits beside the repository; the dashboard is read from there, never copied in.
const DASHBOARD_FILE = fileURLToPath(new URL('../../shared/fixtures/grafana/node-exporter-full.json', import.meta.url));

const SCRAPE_INTERVAL_SECONDS = 1;
/** What Grafana would pick for a short time range: $__interval is at least the scrape interval. */
const INTERVAL_SECONDS = SCRAPE_INTERVAL_SECONDS;
/** Grafana's $__rate_interval: max($__interval + scrape interval, 4 × scrape interval). */
const RATE_INTERVAL_SECONDS = Math.max(INTERVAL_SECONDS + SCRAPE_INTERVAL_SECONDS, 4 * SCRAPE_INTERVAL_SECONDS);
/** The dashboard's time range, for $__range: no longer than the test has data for matters little. */
const RANGE_SECONDS = 60;

const BUILTIN_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['__interval', `${INTERVAL_SECONDS}s`],
  ['__interval_ms', `${INTERVAL_SECONDS * 1000}`],
  ['__rate_interval', `${RATE_INTERVAL_SECONDS}s`],
  ['__rate_interval_ms', `${RATE_INTERVAL_SECONDS * 1000}`],
  ['__range', `${RANGE_SECONDS}s`],
  ['__range_s', `${RANGE_SECONDS}`],
  ['__range_ms', `${RANGE_SECONDS * 1000}`],
]);

const JOB = 'node';

/**
 * Metrics the dashboard charts that node_exporter serves and we do not yet, and why. A query that
 * lacks data for ours only because it reads one of these is reported as a TODO rather than a failure;
 * an entry that no longer excuses any query fails the test, so the list cannot go stale.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {};

function knownGapsIn(expr: string): string[] {
  return Object.keys(KNOWN_GAPS).filter((metric) => new RegExp(`\\b${metric}\\b`).test(expr));
}

/** Values for the dashboard's variables when it shows `instance` of job "node". */
function variableValues(dashboard: Dashboard, instance: string, nodename: string): Map<string, string> {
  const values = new Map(BUILTIN_VARIABLES);
  for (const variable of dashboard.templating?.list ?? []) {
    const value = staticVariableValue(variable);
    if (value !== undefined) values.set(variable.name, value);
  }
  values.set('job', JOB);
  values.set('nodename', nodename);
  values.set('node', instance);
  return values;
}

type Outcome = { kind: 'data' } | { kind: 'empty' } | { kind: 'error'; message: string };

async function runInstantQuery(prometheus: StartedPrometheus, expr: string, time: number): Promise<Outcome> {
  try {
    const { resultType, result } = await prometheus.query(expr, time);
    const hasData =
      resultType === 'scalar' || resultType === 'string'
        ? !Number.isNaN(Number((result as [number, string])[1]))
        : (result as unknown[]).length > 0;
    return { kind: hasData ? 'data' : 'empty' };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

t.test('variable expansion does what Grafana does', async (t) => {
  const values = new Map([
    ['node', '127.0.0.1:9100'],
    ['nodename', 'host-a'],
    ['__rate_interval', '4s'],
  ]);
  t.equal(
    expandVariables('rate(x{instance="$node",n="${nodename}",m="[[node]]"}[$__rate_interval])', values),
    'rate(x{instance="127.0.0.1:9100",n="host-a",m="127.0.0.1:9100"}[4s])',
  );
  t.equal(expandVariables('x{i=~"${node:regex}"}', values), 'x{i=~"127\\.0\\.0\\.1:9100"}');
  t.equal(expandVariables('label_replace(x, "a", "$1", "b", "(.*)") $other', values), 'label_replace(x, "a", "$1", "b", "(.*)") $other');
  t.same(unexpandedVariables('x{a="$job", b="${diskdevices}", c="$1"}'), ['job', 'diskdevices']);
  t.same(parseLabelValuesQuery('label_values(node_uname_info{job="$job", nodename="$nodename"}, instance)'), {
    label: 'instance',
    match: 'node_uname_info{job="$job", nodename="$nodename"}',
  });
  t.same(parseLabelValuesQuery('label_values(job)'), { label: 'job' });
  t.throws(() => parseLabelValuesQuery('query_result(up)'), /not a label_values/);
});

t.test('Node Exporter Full shows for our exporter whatever it shows for node_exporter', async (t) => {
  const dashboard = await readDashboard(DASHBOARD_FILE);
  const queries = panelQueries(dashboard);
  t.ok(queries.length > 100, `the dashboard has panel queries (${queries.length})`);

  // Exporter metrics stay on: the dashboard's "Node Exporter" row charts process_* of the exporter.
  const nodeExporter = await startNodeExporter(collectorFlags());
  t.teardown(() => nodeExporter.process.stop());
  const ours = await startHostwatchExporter(collectorFlags());
  t.teardown(() => ours.process.stop());
  const instances = { node_exporter: `127.0.0.1:${nodeExporter.port}`, ours: `127.0.0.1:${ours.port}` };
  const prometheus = await startPrometheus(staticScrapeConfig(JOB, [instances.node_exporter, instances.ours], SCRAPE_INTERVAL_SECONDS));
  t.teardown(() => prometheus.stop());
  await prometheus.waitForTargetsUp(2);

  // Enough scrapes of each target inside one $__rate_interval for rate() to have two points, with a
  // margin; every query is then evaluated at that same instant.
  const ready = `count_over_time(up{job="${JOB}"}[${RATE_INTERVAL_SECONDS}s]) >= 3`;
  const time = await waitFor(`a full ${RATE_INTERVAL_SECONDS}s of scrapes`, async () => {
    const at = Date.now() / 1000;
    const { result } = await prometheus.query(ready, at);
    return Array.isArray(result) && result.length === 2 ? at : false;
  });

  const unameOf = async (instance: string): Promise<string> => {
    const { result } = await prometheus.query(`node_uname_info{instance="${instance}"}`, time);
    const nodename = (result as { metric: Record<string, string> }[])[0]?.metric.nodename;
    if (!nodename) throw new Error(`no node_uname_info for ${instance}`);
    return nodename;
  };
  const nodenames = { node_exporter: await unameOf(instances.node_exporter), ours: await unameOf(instances.ours) };

  await t.test("the host picker (variables job, nodename, node) offers our instance", async (t) => {
    const values = variableValues(dashboard, instances.ours, nodenames.ours);
    const pick = async (name: string): Promise<string[]> => {
      const { label, match } = parseLabelValuesQuery(expandVariables(variableQuery(templateVariable(dashboard, name)), values));
      return prometheus.labelValues(label, match === undefined ? [] : [match]);
    };
    t.ok((await pick('job')).includes(JOB), `job offers "${JOB}"`);
    t.ok((await pick('nodename')).includes(nodenames.ours), `nodename offers ours, "${nodenames.ours}"`);
    t.ok((await pick('node')).includes(instances.ours), `node offers ours, "${instances.ours}"`);
  });

  const outcomes = new Map<string, Outcome>();
  const run = async (expr: string): Promise<Outcome> => {
    let outcome = outcomes.get(expr);
    if (!outcome) {
      outcome = await runInstantQuery(prometheus, expr, time);
      outcomes.set(expr, outcome);
    }
    return outcome;
  };
  const valuesFor = {
    node_exporter: variableValues(dashboard, instances.node_exporter, nodenames.node_exporter),
    ours: variableValues(dashboard, instances.ours, nodenames.ours),
  };
  const unexpanded = new Set<string>();
  const noDataForOurs: string[] = [];
  const excused = new Map<string, string[]>();
  const errorsForOurs: string[] = [];
  const withData = { node_exporter: 0, ours: 0 };
  let rateQueriesWithData = 0;
  for (const { where, expr } of queries) {
    const theirsExpr = expandVariables(expr, valuesFor.node_exporter);
    const oursExpr = expandVariables(expr, valuesFor.ours);
    for (const name of unexpandedVariables(oursExpr)) unexpanded.add(name);
    const theirs = await run(theirsExpr);
    const own = await run(oursExpr);
    if (theirs.kind === 'data') withData.node_exporter += 1;
    if (theirs.kind === 'data' && /\brate\(/.test(expr)) rateQueriesWithData += 1;
    if (own.kind === 'data') withData.ours += 1;
    if (theirs.kind === 'data' && own.kind !== 'data') {
      const gaps = knownGapsIn(oursExpr);
      if (gaps.length === 0) noDataForOurs.push(`${where}: ${oursExpr}`);
      for (const gap of gaps) excused.set(gap, [...(excused.get(gap) ?? []), where]);
    }
    if (own.kind === 'error' && theirs.kind !== 'error') errorsForOurs.push(`${where}: ${own.message}`);
  }

  t.comment(
    `panel queries with data: node_exporter ${withData.node_exporter}, ours ${withData.ours}, of ${queries.length}`,
  );
  t.same([...unexpanded], [], `variables the test does not know: ${[...unexpanded].join(', ')}`);
  t.ok(withData.node_exporter > 0, 'some queries show data for node_exporter');
  t.ok(rateQueriesWithData > 0, `rate() over ${RATE_INTERVAL_SECONDS}s has data: the wait for scrapes was long enough`);
  t.same(noDataForOurs, [], `queries with data for node_exporter but none for ours:\n${noDataForOurs.join('\n')}`);
  t.same(errorsForOurs, [], `queries that fail for ours only:\n${errorsForOurs.join('\n')}`);
  for (const [metric, reason] of Object.entries(KNOWN_GAPS)) {
    const where = excused.get(metric) ?? [];
    t.ok(where.length > 0, `known gap ${metric} still lacks data for ours; remove it from KNOWN_GAPS once served`);
    t.fail(`we do not serve ${metric}, used by ${where.join(', ')}`, { todo: reason });
  }
});
