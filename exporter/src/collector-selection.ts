import type { NamedCollector } from './scrape.js';

/** A client's mistake in `collect[]` or `exclude[]`, answered with 400 as node_exporter does. */
export class CollectorFilterError extends Error {}

/**
 * Narrows the enabled collectors to what `?collect[]=` names, or to all but `?exclude[]=`
 * (node_exporter's filtered handler). Naming a collector that is unknown or disabled is an error.
 */
export function selectCollectors(
  enabled: readonly NamedCollector[],
  known: ReadonlySet<string>,
  collect: readonly string[],
  exclude: readonly string[],
): readonly NamedCollector[] {
  if (collect.length > 0 && exclude.length > 0) {
    throw new CollectorFilterError('collect[] and exclude[] cannot be combined');
  }
  const names = collect.length > 0 ? collect : exclude;
  if (names.length === 0) return enabled;
  const enabledNames = new Set(enabled.map((c) => c.name));
  for (const name of names) {
    if (!known.has(name)) throw new CollectorFilterError(`missing collector: ${name}`);
    if (!enabledNames.has(name)) throw new CollectorFilterError(`disabled collector: ${name}`);
  }
  const wanted = new Set(names);
  return enabled.filter((c) => (collect.length > 0 ? wanted.has(c.name) : !wanted.has(c.name)));
}
