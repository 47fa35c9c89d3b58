/**
 * Reads a Grafana dashboard's Prometheus queries and does the variable substitution Grafana does before
 * sending them, so tests can run a real dashboard's queries against a real Prometheus.
 */
import { readFile } from 'node:fs/promises';

export interface DashboardTarget {
  readonly expr?: string;
  readonly refId?: string;
  readonly hide?: boolean;
}

export interface DashboardPanel {
  readonly title?: string;
  readonly type?: string;
  readonly targets?: readonly DashboardTarget[];
  /** A collapsed row keeps its panels here. */
  readonly panels?: readonly DashboardPanel[];
}

export interface TemplateVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: string | { readonly query?: string };
  readonly definition?: string;
  readonly current?: { readonly value?: string | readonly string[] };
  readonly options?: readonly { readonly value?: string }[];
}

export interface Dashboard {
  readonly title?: string;
  readonly panels?: readonly DashboardPanel[];
  readonly templating?: { readonly list?: readonly TemplateVariable[] };
}

export interface PanelQuery {
  /** "Row / Panel / refId", to name the query in messages. */
  readonly where: string;
  readonly expr: string;
}

export async function readDashboard(file: string): Promise<Dashboard> {
  return JSON.parse(await readFile(file, 'utf8')) as Dashboard;
}

/** Every target expression, including those of panels inside rows, collapsed or not. */
export function panelQueries(dashboard: Dashboard): PanelQuery[] {
  const queries: PanelQuery[] = [];
  let row = '';
  const walk = (panels: readonly DashboardPanel[], inRow?: string): void => {
    for (const panel of panels) {
      if (panel.type === 'row') row = panel.title ?? '';
      const where = `${inRow ?? row} / ${panel.title ?? '(untitled)'}`;
      for (const target of panel.targets ?? []) {
        if (target.expr) queries.push({ where: `${where} / ${target.refId ?? '?'}`, expr: target.expr });
      }
      if (panel.panels) walk(panel.panels, panel.title ?? '');
    }
  };
  walk(dashboard.panels ?? []);
  return queries;
}

export function templateVariable(dashboard: Dashboard, name: string): TemplateVariable {
  const variable = dashboard.templating?.list?.find((v) => v.name === name);
  if (!variable) throw new Error(`dashboard has no variable ${name}`);
  return variable;
}

export function variableQuery(variable: TemplateVariable): string {
  const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? variable.definition);
  if (!query) throw new Error(`variable ${variable.name} has no query`);
  return query;
}

/**
 * The value a variable that needs no data source has (constant, custom, textbox, interval): its
 * current value as saved, else its first option, else the first item of its query.
 */
export function staticVariableValue(variable: TemplateVariable): string | undefined {
  if (!['constant', 'custom', 'textbox', 'interval'].includes(variable.type)) return undefined;
  const current = variable.current?.value;
  const saved = Array.isArray(current) ? current[0] : current;
  if (typeof saved === 'string' && saved !== '' && !saved.startsWith('$')) return saved;
  const option = variable.options?.find((o) => o.value)?.value;
  if (option) return option;
  const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
  return variable.type === 'custom' || variable.type === 'interval' ? query?.split(',')[0]?.trim() : query;
}

// $name, ${name}, ${name:format} and the deprecated [[name]]; `$1` (a label_replace group) is no variable.
const VARIABLE = /\$\{([A-Za-z_]\w*)(?::([^}]*))?\}|\[\[([A-Za-z_]\w*)(?::([^\]]*))?\]\]|\$([A-Za-z_]\w*)/g;

/** Substitutes the variables whose values are known and leaves the others as they were. */
export function expandVariables(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(VARIABLE, (whole, braced?: string, format?: string, bracketed?: string, format2?: string, bare?: string) => {
    const value = values.get(braced ?? bracketed ?? bare ?? '');
    if (value === undefined) return whole;
    return (format ?? format2) === 'regex' ? value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : value;
  });
}

/** The names of the variables a text still refers to. */
export function unexpandedVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] ?? m[3] ?? m[5] ?? '');
}

/** Splits Grafana's `label_values(selector, label)` or `label_values(label)`. */
export function parseLabelValuesQuery(query: string): { label: string; match?: string } {
  const match = /^\s*label_values\(\s*(?:([\s\S]*\S)\s*,\s*)?([A-Za-z_]\w*)\s*\)\s*$/.exec(query);
  if (!match) throw new Error(`not a label_values() query: ${query}`);
  const [, selector, label] = match as unknown as [string, string | undefined, string];
  return selector === undefined ? { label } : { label, match: selector };
}
