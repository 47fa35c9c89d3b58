import type { Logger } from 'pino';
import type { HostPaths } from './host-paths.js';
import type { MetricFamily } from './metric-family.js';

/** One source of metrics. Every call reads the system afresh: no state is carried between scrapes. */
export interface Collector {
  update(): Promise<MetricFamily[]>;
}

/** A flag that belongs to one collector, declared in the collector's own file. */
export interface CollectorFlag {
  /** Without the leading dashes, e.g. `collector.filesystem.mount-timeout`. */
  readonly name: string;
  readonly description: string;
  readonly defaultValue: string;
}

export interface CollectorContext {
  readonly paths: HostPaths;
  readonly logger: Logger;
  /** The value of one of the collector's own flags, as given or defaulted. */
  flag(name: string): string;
}

export interface CollectorDefinition {
  readonly name: string;
  readonly defaultEnabled: boolean;
  readonly flags?: readonly CollectorFlag[];
  /** Validates the collector's flags; throws a ConfigError naming the flag when one is wrong. */
  create(context: CollectorContext): Collector;
}

const definitions = new Map<string, CollectorDefinition>();

/** Called once at the end of each collector's module, as node_exporter's registerCollector is. */
export function registerCollector(definition: CollectorDefinition): void {
  if (definitions.has(definition.name)) {
    throw new Error(`collector ${definition.name} registered twice`);
  }
  definitions.set(definition.name, definition);
}

export function collectorDefinitions(): CollectorDefinition[] {
  // Code-unit order, not localeCompare: collation would page ~2 MB of ICU data into every exporter.
  return [...definitions.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A start-up configuration problem, reported with the flag or key it concerns. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`${key}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export function parseRegexFlag(context: CollectorContext, name: string): RegExp {
  const source = context.flag(name);
  try {
    return new RegExp(source);
  } catch (error) {
    throw new ConfigError(`--${name}`, `not a valid regular expression (${(error as Error).message})`);
  }
}

/** Parses Prometheus-style durations such as `5s`, `500ms`, `1m`. */
export function parseDurationFlag(context: CollectorContext, name: string): number {
  const text = context.flag(name);
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (!match) throw new ConfigError(`--${name}`, `"${text}" is not a duration such as 500ms, 5s or 1m`);
  const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * unitMs;
}
