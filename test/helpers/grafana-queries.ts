/**
 * The queries of a Grafana 10/11 dashboard whose data sources are Prometheus and InfluxDB (InfluxQL):
 * every panel target and annotation, and the text Grafana sends for each once it has put in the
 * template variables, formatted the way each data source plugin formats them. Complements
 * grafana-dashboard.ts, which reads only Prometheus expressions.
 */

export interface DataSourceRef {
  readonly type?: string;
  readonly uid?: string;
}

export interface GrafanaTarget {
  readonly refId?: string;
  readonly datasource?: DataSourceRef | string | null;
  readonly hide?: boolean;
  /** Prometheus */
  readonly expr?: string;
  readonly instant?: boolean;
  readonly range?: boolean;
  readonly format?: string;
  readonly legendFormat?: string;
  /** InfluxDB: the InfluxQL text when rawQuery, else the query builder's model (not supported here). */
  readonly query?: string;
  readonly rawQuery?: boolean;
  readonly resultFormat?: string;
  readonly alias?: string;
  /** InfluxDB annotations: which columns become the text and the tags. */
  readonly textColumn?: string;
  readonly tagsColumn?: string;
}

export interface GrafanaTransformation {
  readonly id: string;
  readonly options?: Record<string, unknown>;
}

export interface GrafanaPanel {
  readonly id?: number;
  readonly title?: string;
  readonly type?: string;
  readonly datasource?: DataSourceRef | string | null;
  readonly targets?: readonly GrafanaTarget[];
  readonly panels?: readonly GrafanaPanel[];
  readonly transformations?: readonly GrafanaTransformation[];
  readonly fieldConfig?: {
    readonly defaults?: { readonly unit?: string };
    readonly overrides?: readonly GrafanaOverride[];
  };
}

export interface GrafanaOverride {
  readonly matcher?: { readonly id?: string; readonly options?: unknown };
  readonly properties?: readonly { readonly id?: string; readonly value?: unknown }[];
}

export interface GrafanaAnnotation {
  readonly name?: string;
  readonly builtIn?: number;
  readonly datasource?: DataSourceRef | string | null;
  readonly target?: GrafanaTarget;
}

export interface GrafanaVariable {
  readonly name: string;
  readonly type: string;
  readonly datasource?: DataSourceRef | string | null;
  readonly query?: string | { readonly query?: string };
  readonly definition?: string;
  readonly multi?: boolean;
  readonly includeAll?: boolean;
  readonly allValue?: string | null;
}

export interface GrafanaDashboard {
  readonly uid?: string;
  readonly title?: string;
  readonly schemaVersion?: number;
  readonly panels?: readonly GrafanaPanel[];
  readonly annotations?: { readonly list?: readonly GrafanaAnnotation[] };
  readonly templating?: { readonly list?: readonly GrafanaVariable[] };
}

/** The data source of Grafana's built-in annotations, which no provisioning file declares. */
export const GRAFANA_BUILTIN_DATASOURCE = '-- Grafana --';

export interface DashboardQuery {
  /** "Panel title / refId" or "annotation Name", to name the query in messages. */
  readonly where: string;
  readonly kind: 'panel' | 'annotation';
  readonly datasource: Required<DataSourceRef>;
  /** The PromQL expression or the InfluxQL text, before interpolation. */
  readonly text: string;
  readonly target: GrafanaTarget;
  readonly panel?: GrafanaPanel;
}

/** A panel's or target's data source; names instead of uids are refused, as they break on import. */
export function dataSourceOf(where: string, ...candidates: (DataSourceRef | string | null | undefined)[]): Required<DataSourceRef> {
  const ref = candidates.find((c) => c !== undefined && c !== null);
  if (typeof ref === 'string') throw new Error(`${where}: data source referenced by name (${ref}), not by uid`);
  if (!ref?.type || !ref.uid) throw new Error(`${where}: no data source with type and uid`);
  return { type: ref.type, uid: ref.uid };
}

function targetText(where: string, datasource: Required<DataSourceRef>, target: GrafanaTarget): string {
  if (datasource.type === 'prometheus') {
    if (!target.expr) throw new Error(`${where}: Prometheus target without expr`);
    return target.expr;
  }
  if (datasource.type === 'influxdb') {
    // The query builder's model would need Grafana's renderer; raw InfluxQL is what Grafana sends.
    if (!target.rawQuery || !target.query) throw new Error(`${where}: InfluxDB target is not raw InfluxQL`);
    return target.query;
  }
  throw new Error(`${where}: unsupported data source type ${datasource.type}`);
}

/** Every visible panel target (rows included) and every enabled or disabled non-built-in annotation. */
export function dashboardQueries(dashboard: GrafanaDashboard): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  const walk = (panels: readonly GrafanaPanel[]): void => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.hide) continue;
        const where = `${panel.title ?? '(untitled)'} / ${target.refId ?? '?'}`;
        const datasource = dataSourceOf(where, target.datasource, panel.datasource);
        queries.push({ where, kind: 'panel', datasource, text: targetText(where, datasource, target), target, panel });
      }
      walk(panel.panels ?? []);
    }
  };
  walk(dashboard.panels ?? []);
  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.builtIn) continue;
    const where = `annotation ${annotation.name ?? '(unnamed)'}`;
    const datasource = dataSourceOf(where, annotation.datasource);
    const target = annotation.target ?? {};
    queries.push({ where, kind: 'annotation', datasource, text: targetText(where, datasource, target), target });
  }
  return queries;
}

/** Every data source reference anywhere in the dashboard JSON, with the path that holds it. */
export function dataSourceReferences(value: unknown, path = '$'): { path: string; ref: DataSourceRef | string }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => dataSourceReferences(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const here = `${path}.${key}`;
    if (key === 'datasource' && child !== null && (typeof child === 'string' || typeof child === 'object')) {
      return [{ path: here, ref: child as DataSourceRef | string }];
    }
    return dataSourceReferences(child, here);
  });
}

/**
 * The unit a target's values are shown in: a table's per-column override, found through the organize
 * transformation that renames the target's `Value #<refId>` column, else the panel's default.
 */
export function targetUnit(panel: GrafanaPanel, refId: string | undefined): string | undefined {
  const organize = panel.transformations?.find((x) => x.id === 'organize');
  const renames = organize?.options?.renameByName as Record<string, string> | undefined;
  const column = renames?.[`Value #${refId ?? ''}`];
  const override = panel.fieldConfig?.overrides?.find((o) => o.matcher?.id === 'byName' && o.matcher.options === column);
  const unit = override?.properties?.find((p) => p.id === 'unit')?.value;
  return typeof unit === 'string' ? unit : panel.fieldConfig?.defaults?.unit;
}

// ------------------------------------------------------------------------------------------ variables

/** A template variable's state: the values chosen, or "All" (all its options, or its custom allValue). */
export interface VariableState {
  readonly variable: GrafanaVariable;
  readonly all: boolean;
  /** The chosen values; with all, every option the variable offers. */
  readonly values: readonly string[];
}

// Grafana's escapeRegex (@grafana/data): a single backslash, `/` included for InfluxQL's /regex/ literals.
const escapeRegex = (value: string): string => value.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');

// The Prometheus plugin's escapes: the value lands inside a PromQL "string", so the regex escape itself is
// escaped (datasource.ts, prometheusRegularEscape and prometheusSpecialRegexEscape).
const prometheusRegularEscape = (value: string): string => value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
const prometheusRegexEscape = (value: string): string => value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]+?.()|]/g, '\\\\$&');

/**
 * A variable's text in a query of the given data source type, as Grafana's template service and the
 * plugin's interpolateQueryExpr make it. Custom "All" values go in unescaped. Several InfluxDB values
 * are joined by `|` without parentheses (Grafana 10/11's InfluxDB plugin), so queries must write
 * `/^($var)$/`: `/^$var$/` would anchor only the first and the last alternative.
 */
export function formatVariable(state: VariableState, datasourceType: string, format?: string): string {
  const { variable, all, values } = state;
  if (all && variable.allValue) return variable.allValue;
  if (format !== undefined) return applyFormat(values, format);
  if (values.length === 0) throw new Error(`variable ${variable.name} has no value`);
  const multi = Boolean(variable.multi || variable.includeAll);
  if (datasourceType === 'prometheus') {
    if (!multi) return prometheusRegularEscape(values[0] as string);
    const escaped = values.map(prometheusRegexEscape);
    return escaped.length === 1 ? (escaped[0] as string) : `(${escaped.join('|')})`;
  }
  if (datasourceType === 'influxdb') {
    if (!multi) return values[0] as string;
    return values.map(escapeRegex).join('|');
  }
  throw new Error(`unsupported data source type ${datasourceType}`);
}

/** Grafana's explicit formats, `${var:format}`. */
function applyFormat(values: readonly string[], format: string): string {
  switch (format) {
    case 'regex':
      return values.length === 1 ? escapeRegex(values[0] as string) : `(${values.map(escapeRegex).join('|')})`;
    case 'pipe':
      return values.join('|');
    case 'csv':
    case 'raw':
      return values.join(',');
    default:
      throw new Error(`variable format ${format} is not supported by this test helper`);
  }
}

// $name, ${name}, ${name:format} and the deprecated [[name]] / [[name:format]].
const VARIABLE = /\$\{([A-Za-z_]\w*)(?::([^}]*))?\}|\[\[([A-Za-z_]\w*)(?::([^\]]*))?\]\]|\$([A-Za-z_]\w*)/g;

/**
 * Puts the variables into a query for a data source of the given type. `builtins` are Grafana's macros
 * ($__interval, $__rate_interval, $timeFilter, ...), put in as given; unknown names are left alone.
 */
export function interpolate(
  text: string,
  datasourceType: string,
  variables: ReadonlyMap<string, VariableState>,
  builtins: ReadonlyMap<string, string>,
): string {
  return text.replace(VARIABLE, (whole, braced?: string, format?: string, bracketed?: string, format2?: string, bare?: string) => {
    const name = braced ?? bracketed ?? bare ?? '';
    const builtin = builtins.get(name);
    if (builtin !== undefined) return builtin;
    const state = variables.get(name);
    return state === undefined ? whole : formatVariable(state, datasourceType, format ?? format2);
  });
}

/** A query variable's query text (Grafana 10+ keeps Prometheus ones in an object). */
export function variableQueryText(variable: GrafanaVariable): string {
  const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? variable.definition);
  if (!query) throw new Error(`variable ${variable.name} has no query`);
  return query;
}

// ---------------------------------------------------------------------------------- provisioning

/** KEY=value lines, as systemd's EnvironmentFile= and Compose's env_file: read them; # starts a comment. */
export function parseEnvFile(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`env file line ${index + 1} is not KEY=value: ${line}`);
    env.set(match[1] as string, match[2] as string);
  }
  return env;
}

/**
 * Grafana's provisioning expansion (pkg/services/provisioning/values): `$$` is a literal `$`, and
 * `$VAR` / `${VAR}` are Go's os.ExpandEnv, where an unset variable becomes ''. Returns the names used.
 */
export function expandProvisioningValue(text: string, env: ReadonlyMap<string, string>): { value: string; names: string[] } {
  const names: string[] = [];
  const value = text
    .split('$$')
    .map((part) =>
      part.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_whole, braced?: string, bare?: string) => {
        const name = braced ?? bare ?? '';
        names.push(name);
        return env.get(name) ?? '';
      }),
    )
    .join('$');
  return { value, names };
}
