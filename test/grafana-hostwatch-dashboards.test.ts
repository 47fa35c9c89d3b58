// Hostwatch's Grafana dashboards (grafana/) against real data: every panel, annotation and variable query
// runs, after the variable substitution Grafana would do, against a real Prometheus scraping
// node_exporter and our exporter, and a real InfluxDB holding alert history written by the bridge's own
// InfluxHistoryStore. Each must succeed and return data; the provisioning files must name every data
// source the dashboards use.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import type { NotificationRecord } from '../alert-bridge/src/history/record.js';
import { InfluxHistoryStore } from '../alert-bridge/src/history/influx/store.js';
import { makeRecord } from '../alert-bridge/test/history/records.js';
import { collectorFlags, startHostwatchExporter, startNodeExporter } from './helpers/exporters.js';
import { parseLabelValuesQuery, unexpandedVariables } from './helpers/grafana-dashboard.js';
import {
  GRAFANA_BUILTIN_DATASOURCE,
  dashboardQueries,
  dataSourceOf,
  dataSourceReferences,
  expandProvisioningValue,
  formatVariable,
  interpolate,
  parseEnvFile,
  targetUnit,
  variableQueryText,
  type DashboardQuery,
  type GrafanaDashboard,
  type GrafanaPanel,
  type VariableState,
} from './helpers/grafana-queries.js';
import { startInfluxDB, type InfluxSeries, type StartedInfluxDB } from './helpers/influxdb.js';
import { waitFor } from './helpers/processes.js';
import { startPrometheus, type PrometheusSeries, type StartedPrometheus, staticScrapeConfig } from './helpers/prometheus.js';

const grafanaFile = (relative: string): string => fileURLToPath(new URL(`../grafana/${relative}`, import.meta.url));
const DASHBOARD_FILES = ['dashboards/fleet-overview.json', 'dashboards/alert-history.json'];
const DATASOURCES_FILE = 'provisioning/datasources/hostwatch.yml';
const DASHBOARD_PROVIDERS_FILE = 'provisioning/dashboards/hostwatch.yml';
const ENV_FILE = 'hostwatch.env';

const JOB = 'node';
const SCRAPE_INTERVAL_SECONDS = 1;
/** What Grafana picks for a short time range: $__interval is at least the scrape interval (timeInterval). */
const INTERVAL_SECONDS = SCRAPE_INTERVAL_SECONDS;
/** Grafana's $__rate_interval: max($__interval + scrape interval, 4 × scrape interval). */
const RATE_INTERVAL_SECONDS = Math.max(INTERVAL_SECONDS + SCRAPE_INTERVAL_SECONDS, 4 * SCRAPE_INTERVAL_SECONDS);
/** The range Prometheus range queries cover; the test has less data than that, which is fine. */
const RANGE_SECONDS = 60;
/** The dashboards' time range for InfluxDB: the last hour, where the history below lies. */
const TIME_FILTER = 'time > now() - 1h';

const MACROS: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  prometheus: new Map([
    ['__interval', `${INTERVAL_SECONDS}s`],
    ['__interval_ms', `${INTERVAL_SECONDS * 1000}`],
    ['__rate_interval', `${RATE_INTERVAL_SECONDS}s`],
    ['__rate_interval_ms', `${RATE_INTERVAL_SECONDS * 1000}`],
    ['__range', `${RANGE_SECONDS}s`],
    ['__range_s', `${RANGE_SECONDS}`],
    ['__range_ms', `${RANGE_SECONDS * 1000}`],
  ]),
  influxdb: new Map([
    ['timeFilter', TIME_FILTER],
    ['__interval', '1m'],
    ['__interval_ms', '60000'],
    ['interval', '1m'],
  ]),
};
const macrosFor = (type: string): ReadonlyMap<string, string> => MACROS[type] ?? new Map();

interface ProvisionedDataSource {
  readonly name: string;
  readonly uid: string;
  readonly type: string;
  readonly url: string;
  readonly jsonData?: { readonly dbName?: string };
}

async function readYaml<T>(relative: string): Promise<T> {
  return parseYaml(await readFile(grafanaFile(relative), 'utf8')) as T;
}

async function readDataSources(): Promise<ProvisionedDataSource[]> {
  const file = await readYaml<{ apiVersion?: number; datasources?: ProvisionedDataSource[] }>(DATASOURCES_FILE);
  if (file.apiVersion !== 1 || !Array.isArray(file.datasources)) throw new Error(`${DATASOURCES_FILE}: not a provisioning file`);
  return file.datasources;
}

async function readGrafanaDashboard(relative: string): Promise<GrafanaDashboard> {
  return JSON.parse(await readFile(grafanaFile(relative), 'utf8')) as GrafanaDashboard;
}

function influxDataSource(datasources: readonly ProvisionedDataSource[]): ProvisionedDataSource & { database: string } {
  const influx = datasources.find((d) => d.type === 'influxdb');
  const database = influx?.jsonData?.dbName;
  if (!influx || !database) throw new Error(`${DATASOURCES_FILE}: no InfluxDB data source with jsonData.dbName`);
  return { ...influx, database };
}

const stringValues = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(stringValues) : [];

t.test('variables are formatted as Grafana formats them for each data source', async (t) => {
  const host = { name: 'host', type: 'query', multi: true, includeAll: true, allValue: '.+' };
  const two: VariableState = { variable: host, all: false, values: ['10.0.0.1:9110', 'db/1:9110'] };
  t.equal(formatVariable(two, 'prometheus'), '(10\\\\.0\\\\.0\\\\.1:9110|db/1:9110)', 'PromQL: the regex escape is escaped again inside "..."');
  t.equal(formatVariable(two, 'influxdb'), '10\\.0\\.0\\.1:9110|db\\/1:9110', 'InfluxQL: one escape, `/` included, no parentheses');
  t.equal(formatVariable({ variable: host, all: true, values: ['a', 'b'] }, 'prometheus'), '.+', 'a custom All value goes in as it is');
  t.equal(formatVariable({ variable: { ...host, allValue: null }, all: true, values: ['a', 'b'] }, 'influxdb'), 'a|b', 'All without one: every option');
  t.equal(formatVariable({ variable: host, all: false, values: ['a.b'] }, 'prometheus', 'regex'), 'a\\.b', '${var:regex}');
  const states = new Map([['host', two]]);
  t.equal(
    interpolate('rate(x{instance=~"$host"}[$__rate_interval]) [[host]] $1 $other', 'prometheus', states, macrosFor('prometheus')),
    `rate(x{instance=~"(10\\\\.0\\\\.0\\\\.1:9110|db/1:9110)"}[${RATE_INTERVAL_SECONDS}s]) (10\\\\.0\\\\.0\\\\.1:9110|db/1:9110) $1 $other`,
  );
  t.equal(
    interpolate(`SELECT x FROM y WHERE $timeFilter AND "instance" =~ /^($host)$/`, 'influxdb', states, macrosFor('influxdb')),
    `SELECT x FROM y WHERE ${TIME_FILTER} AND "instance" =~ /^(10\\.0\\.0\\.1:9110|db\\/1:9110)$/`,
  );
  t.throws(() => formatVariable(two, 'prometheus', 'lucene'), /not supported/);
  t.same(expandProvisioningValue('http://$HOST:${PORT}/a$$b', new Map([['HOST', 'h'], ['PORT', '1']])), { value: 'http://h:1/a$b', names: ['HOST', 'PORT'] });
  t.same([...parseEnvFile('# c\nA=1\nB=\n')], [['A', '1'], ['B', '']]);
  t.throws(() => parseEnvFile('export A=1'), /line 1/);
});

t.test('provisioning files parse and provide every data source the dashboards use', async (t) => {
  const datasources = await readDataSources();
  const env = parseEnvFile(await readFile(grafanaFile(ENV_FILE), 'utf8'));
  const byUid = new Map(datasources.map((d) => [d.uid, d]));
  t.equal(byUid.size, datasources.length, 'data source uids are unique');
  t.same(datasources.map((d) => d.type).sort(), ['influxdb', 'prometheus'], 'one Prometheus and one InfluxDB data source');
  t.equal(influxDataSource(datasources).database, 'hostwatch', "InfluxDB's database is the bridge's default, hostwatch");

  // Grafana expands the values of the parsed file, never its comments or keys.
  const names = stringValues(datasources).flatMap((value) => expandProvisioningValue(value, env).names);
  t.ok(names.length > 0, 'the data sources read environment variables');
  t.same(names.filter((name) => !env.has(name)), [], `every variable has a default in ${ENV_FILE}`);
  for (const datasource of datasources) {
    const url = new URL(expandProvisioningValue(datasource.url, env).value);
    t.equal(url.protocol, 'http:', `${datasource.name}: http by default`);
    t.equal(url.hostname, '127.0.0.1', `${datasource.name}: loopback by default`);
    t.equal(expandProvisioningValue(datasource.url, new Map()).value, '', `${datasource.name}: the URL comes from the environment`);
  }

  const providers = await readYaml<{ apiVersion?: number; providers?: { type?: string; options?: { path?: string } }[] }>(
    DASHBOARD_PROVIDERS_FILE,
  );
  t.equal(providers.apiVersion, 1);
  t.equal(providers.providers?.length, 1, 'one dashboard provider');
  t.equal(providers.providers?.[0]?.type, 'file');
  t.match(providers.providers?.[0]?.options?.path, /^\//, 'an absolute path: Grafana resolves relative ones against its own home');

  const uids = new Set<string>();
  for (const file of DASHBOARD_FILES) {
    const dashboard = await readGrafanaDashboard(file);
    t.ok(dashboard.uid && !uids.has(dashboard.uid), `${file}: a uid of its own`);
    uids.add(dashboard.uid ?? '');
    t.ok((dashboard.schemaVersion ?? 0) >= 36, `${file}: schemaVersion ${dashboard.schemaVersion} (Grafana 10/11)`);
    const panelIds = (dashboard.panels ?? []).map((p: GrafanaPanel) => p.id);
    t.equal(new Set(panelIds).size, panelIds.length, `${file}: panel ids are unique`);
    const references = dataSourceReferences(dashboard);
    t.ok(references.length > 0, `${file}: references data sources`);
    const unknown = references.filter(({ ref }) => {
      if (typeof ref === 'string') return true;
      if (ref.uid === GRAFANA_BUILTIN_DATASOURCE) return ref.type !== 'grafana';
      return byUid.get(ref.uid ?? '')?.type !== ref.type;
    });
    t.same(unknown, [], `${file}: every data source reference is a provisioned uid of the same type`);
  }
});

/** History for the hosts Prometheus scrapes, within the last hour; plus two that filters must tell apart. */
function historyRecords(hosts: readonly string[]): { records: NotificationRecord[]; decoy: string } {
  const now = Date.now();
  const minutesAgo = (minutes: number): string => new Date(now - minutes * 60_000).toISOString();
  const annotations = (summary: string) => ({ summary, description: `${summary}, for the test` });
  const records = hosts.flatMap((instance, i) => {
    const cpu = { alertname: 'HostHighCpuUsage', instance, severity: 'warning', annotations: annotations(`High CPU usage on ${instance}`) };
    return [
      makeRecord({ ...cpu, startsAt: minutesAgo(50 - i) }),
      makeRecord({ ...cpu, status: 'resolved', startsAt: minutesAgo(50 - i), endsAt: minutesAgo(30 - i) }),
      makeRecord({
        alertname: 'HostHighMemoryUsage',
        instance,
        severity: 'warning',
        startsAt: minutesAgo(20 - i),
        annotations: annotations(`High memory usage on ${instance}`),
      }),
    ];
  });
  // A host whose name starts with a real one's: /^a|b$/ would let it through, /^(a|b)$/ does not.
  const decoy = `${hosts[0]}0`;
  records.push(
    makeRecord({ alertname: 'HostExporterDown', instance: decoy, severity: 'critical', startsAt: minutesAgo(15), annotations: annotations(`Exporter down on ${decoy}`) }),
    // No instance label at all: the Alert history's "All" must still show it.
    makeRecord({ alertname: 'HostwatchRulesFailing', instance: '', severity: 'critical', startsAt: minutesAgo(10), annotations: annotations('Rules failing') }),
  );
  return { records, decoy };
}

interface Scenario {
  readonly name: string;
  /** The values to select, or 'all'. */
  choose(variable: string, options: readonly string[]): readonly string[] | 'all';
  /** Label or column -> the only values results may hold. */
  readonly allowed: ReadonlyMap<string, ReadonlySet<string>>;
}

type Outcome =
  | { readonly kind: 'prometheus'; readonly series: PrometheusSeries[] }
  | { readonly kind: 'influxdb'; readonly series: InfluxSeries[] }
  | { readonly kind: 'error'; readonly message: string };

async function runQuery(
  query: DashboardQuery,
  text: string,
  services: { prometheus: StartedPrometheus; influx: StartedInfluxDB; database: string; time: number },
): Promise<Outcome> {
  try {
    if (query.datasource.type === 'prometheus') {
      if (query.target.instant && !query.target.range) {
        const { result } = await services.prometheus.query(text, services.time);
        return { kind: 'prometheus', series: result as PrometheusSeries[] };
      }
      const series = await services.prometheus.queryRange(text, services.time - RANGE_SECONDS, services.time, INTERVAL_SECONDS);
      return { kind: 'prometheus', series };
    }
    const [series = []] = await services.influx.query(text, services.database);
    return { kind: 'influxdb', series };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

const hasData = (outcome: Outcome): boolean =>
  outcome.kind === 'prometheus'
    ? outcome.series.some((s) => (s.values?.length ?? 0) > 0 || s.value !== undefined)
    : outcome.kind === 'influxdb' && outcome.series.some((s) => s.values.length > 0);

/** An InfluxDB series' rows as objects, its tags included. */
const influxRows = (series: readonly InfluxSeries[]): Record<string, unknown>[] =>
  series.flatMap((s) => s.values.map((row) => ({ ...s.tags, ...Object.fromEntries(s.columns.map((c, i) => [c, row[i]])) })));

/** What Grafana does with a result besides showing it, checked against the data; each problem as text. */
function resultProblems(query: DashboardQuery, outcome: Outcome, allowed: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const problems: string[] = [];
  const outside = (key: string, value: unknown): void => {
    const set = allowed.get(key);
    if (set && typeof value === 'string' && !set.has(value)) problems.push(`${key} ${value} is not selected`);
  };
  if (outcome.kind === 'prometheus') {
    // Legends such as {{instance}} need the label on every series.
    const legendLabels = [...(query.target.legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string);
    const unit = query.panel ? targetUnit(query.panel, query.target.refId) : undefined;
    for (const series of outcome.series) {
      for (const label of legendLabels) if (!(label in series.metric)) problems.push(`a series lacks ${label} for the legend`);
      for (const [label, value] of Object.entries(series.metric)) outside(label, value);
      const values = series.values?.map(([, v]) => Number(v)) ?? [Number(series.value?.[1])];
      // A little over 100 % or under 0 is counter jitter over a few seconds of data; more is a wrong formula.
      if (unit === 'percent' && values.some((v) => !(v >= -5 && v <= 105))) problems.push(`percent values out of range: ${values.join(', ')}`);
    }
  }
  if (outcome.kind === 'influxdb') {
    // alias $tag_x names each series by its tag x, which GROUP BY must provide.
    const aliasTags = [...(query.target.alias ?? '').matchAll(/\$tag_(\w+)/g)].map((m) => m[1] as string);
    for (const series of outcome.series) {
      for (const tag of aliasTags) if (!(tag in (series.tags ?? {}))) problems.push(`a series lacks tag ${tag} for the alias`);
      if (query.kind === 'annotation') {
        const wanted = [query.target.textColumn, ...(query.target.tagsColumn ?? '').split(',')].filter(Boolean) as string[];
        for (const column of wanted) if (!series.columns.includes(column.trim())) problems.push(`no column ${column} for the annotation`);
      }
    }
    const rows = influxRows(outcome.series);
    for (const row of rows) for (const [key, value] of Object.entries(row)) outside(key, value);
    // The extractFields transformation reads JSON paths from a column: each must resolve in every row.
    for (const transformation of query.panel?.transformations ?? []) {
      if (transformation.id !== 'extractFields') continue;
      const { source, jsonPaths = [] } = transformation.options as { source: string; jsonPaths?: { path: string }[] };
      for (const row of rows) {
        const record = JSON.parse(String(row[source])) as unknown;
        for (const { path } of jsonPaths) {
          const found = path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record);
          if (typeof found !== 'string' || found === '') problems.push(`${source} has no ${path}`);
        }
      }
    }
  }
  return [...new Set(problems)];
}

t.test('every query of the Hostwatch dashboards returns data from real Prometheus and InfluxDB', async (t) => {
  const datasources = await readDataSources();
  const { database } = influxDataSource(datasources);
  const dashboards = await Promise.all(DASHBOARD_FILES.map(readGrafanaDashboard));

  const nodeExporter = await startNodeExporter(collectorFlags());
  t.teardown(() => nodeExporter.process.stop());
  const ours = await startHostwatchExporter(collectorFlags());
  t.teardown(() => ours.process.stop());
  const instances = [`127.0.0.1:${nodeExporter.port}`, `127.0.0.1:${ours.port}`];
  const prometheus = await startPrometheus(staticScrapeConfig(JOB, instances, SCRAPE_INTERVAL_SECONDS));
  t.teardown(() => prometheus.stop());

  const influx = await startInfluxDB();
  t.teardown(influx.cleanup);
  const store = new InfluxHistoryStore({ url: influx.urlFor(database) });
  await store.init();
  t.teardown(() => store.close());
  const { records, decoy } = historyRecords(instances);
  const appended = await store.append(records);
  t.equal(appended.inserted, records.length, 'the bridge stored the history');

  // The dashboards name no retention policy: they read the default, which the bridge must have made its own.
  const [policies = []] = await influx.query(`SHOW RETENTION POLICIES ON "${database}"`);
  const policyRows = influxRows(policies);
  t.same(
    policyRows.filter((row) => row.default === true).map((row) => row.name),
    ['hostwatch_history'],
    "the bridge's retention policy is the database's default",
  );

  await prometheus.waitForTargetsUp(instances.length);
  // Enough scrapes of each target inside one $__rate_interval for rate() to have two points, with a margin.
  const ready = `count_over_time(up{job="${JOB}"}[${RATE_INTERVAL_SECONDS}s]) >= 3`;
  const time = await waitFor(`a full ${RATE_INTERVAL_SECONDS}s of scrapes`, async () => {
    const at = Date.now() / 1000;
    const { result } = await prometheus.query(ready, at);
    return Array.isArray(result) && result.length === instances.length ? at : false;
  });
  const services = { prometheus, influx, database, time };

  const variableOptions = async (type: string, text: string): Promise<string[]> => {
    if (type === 'prometheus') {
      const { label, match } = parseLabelValuesQuery(text);
      return prometheus.labelValues(label, match === undefined ? [] : [match]);
    }
    const [series = []] = await influx.query(text, database);
    return influxRows(series).map((row) => String(row.value));
  };

  const hosts = new Set(instances);
  const scenarios: Scenario[] = [
    { name: 'everything (All)', choose: () => 'all', allowed: new Map() },
    {
      name: "the exporters' hosts selected",
      choose: (variable, options) => (variable === 'host' || variable === 'instance' ? instances : options),
      allowed: new Map([['instance', hosts]]),
    },
  ];

  let queriesRun = 0;
  for (const scenario of scenarios) {
    for (const dashboard of dashboards) {
      await t.test(`${dashboard.title}, ${scenario.name}`, async (t) => {
        const states = new Map<string, VariableState>();
        for (const variable of dashboard.templating?.list ?? []) {
          t.equal(variable.type, 'query', `variable ${variable.name} is a query variable`);
          const { type } = dataSourceOf(`variable ${variable.name}`, variable.datasource);
          const text = interpolate(variableQueryText(variable), type, states, macrosFor(type));
          const options = await variableOptions(type, text);
          t.ok(options.length > 0, `variable ${variable.name} offers values: ${text}`);
          const chosen = scenario.choose(variable.name, options);
          if (chosen !== 'all') {
            const missing = chosen.filter((value) => !options.includes(value));
            t.same(missing, [], `variable ${variable.name} offers ${chosen.join(', ')}`);
          }
          states.set(variable.name, chosen === 'all' ? { variable, all: true, values: options } : { variable, all: false, values: chosen });
        }

        const outcomes = new Map<string, Outcome>();
        const mergedLabelSets = new Map<string, Set<string>>();
        for (const query of dashboardQueries(dashboard)) {
          const text = interpolate(query.text, query.datasource.type, states, macrosFor(query.datasource.type));
          t.same(unexpandedVariables(text), [], `${query.where}: every variable expanded`);
          const outcome = await runQuery(query, text, services);
          outcomes.set(query.where, outcome);
          queriesRun += 1;
          t.equal(outcome.kind === 'error' ? outcome.message : undefined, undefined, `${query.where}: no error`);
          t.ok(hasData(outcome), `${query.where}: has data\n${text}`);
          t.same(resultProblems(query, outcome, scenario.allowed), [], `${query.where}: results fit the panel`);
          // A merged table makes one row per label set: every query must keep the same labels.
          if (outcome.kind === 'prometheus' && query.panel?.transformations?.some((x) => x.id === 'merge')) {
            const sets = mergedLabelSets.get(query.where.split(' / ')[0] ?? '') ?? new Set<string>();
            for (const series of outcome.series) sets.add(Object.keys(series.metric).sort().join(','));
            mergedLabelSets.set(query.where.split(' / ')[0] ?? '', sets);
          }
        }
        for (const [panel, sets] of mergedLabelSets) t.equal(sets.size, 1, `${panel}: every merged query keeps the labels ${[...sets].join(' | ')}`);

        if (dashboard.uid === 'hostwatch-alert-history') {
          const recent = outcomes.get('Recent notifications / A');
          const rows = recent?.kind === 'influxdb' ? influxRows(recent.series) : [];
          const withoutInstance = rows.some((row) => row.instance === null || row.instance === undefined);
          t.equal(withoutInstance, scenario.allowed.size === 0, 'an alert without instance shows under All only');
          t.equal(rows.some((row) => row.instance === decoy), scenario.allowed.size === 0, `the decoy host ${decoy} shows under All only`);
        }
      });
    }
  }
  t.ok(queriesRun > 0, `ran ${queriesRun} queries`);
});
