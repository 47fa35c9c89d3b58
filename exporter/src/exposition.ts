import Negotiator from 'negotiator';
import { Registry, collectDefaultMetrics, type Metric, type RegistryContentType } from './prom-client-modules.js';
import type { MetricFamily } from './metric-family.js';
import { registerVirtualMemoryMax } from './process-limits.js';

export type ExpositionFormat = 'text' | 'openmetrics';

const CONTENT_TYPES: Record<ExpositionFormat, RegistryContentType> = {
  text: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

// prom-client's typings omit the constructor's content-type argument, hence the setter.
function newRegistry(format: ExpositionFormat): Registry {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(CONTENT_TYPES[format]);
  return registry as Registry;
}

/** Prometheus asks for OpenMetrics first; curl and older scrapers get the 0.0.4 text format. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (!accept) return 'text';
  // Offers carry their version parameter, because negotiator only matches an Accept entry whose
  // parameters the offer has too (Prometheus asks for openmetrics-text;version=1.0.0).
  const preferred = new Negotiator({ headers: { accept } }).mediaType([
    'text/plain; version=0.0.4',
    'application/openmetrics-text; version=1.0.0',
    'application/openmetrics-text; version=0.0.1',
  ]);
  return preferred?.startsWith('application/openmetrics-text') ? 'openmetrics' : 'text';
}

/**
 * The exporter's own process metrics: prom-client's defaults without the nodejs_eventloop_lag_*
 * family, whose percentiles cost 0.3 ms of CPU per scrape (a third of a whole scrape of the host) and
 * whose collection waits for an extra event-loop turn (BENCHMARKS.md). One registry per format, because
 * rendering a registry as OpenMetrics renames its counters in place (prom-client 15).
 */
export class ExporterMetrics {
  private readonly registries = new Map<ExpositionFormat, Registry>();

  registry(format: ExpositionFormat): Registry {
    let registry = this.registries.get(format);
    if (!registry) {
      registry = newRegistry(format);
      collectDefaultMetrics({ register: registry });
      for (const metric of registry.getMetricsAsArray()) {
        if (metric.name.startsWith('nodejs_eventloop_lag_')) registry.removeSingleMetric(metric.name);
      }
      registerVirtualMemoryMax(registry);
      this.registries.set(format, registry);
    }
    return registry;
  }
}

/**
 * A family already read, in the shape prom-client's Registry reads a metric (name, type, get()), so
 * prom-client does the formatting and escaping. Building Gauge and Counter objects instead would
 * validate and hash every label set again: 0.14 ms more per scrape for values we already hold.
 */
class FamilySnapshot {
  // The Registry renames OpenMetrics counter families in place (strips _total); get() must follow.
  name: string;

  constructor(private readonly family: MetricFamily) {
    this.name = family.name;
  }

  get type(): MetricFamily['type'] {
    return this.family.type;
  }

  get() {
    return {
      name: this.name,
      help: this.family.help,
      type: this.family.type,
      aggregator: 'sum',
      // Our samples already have the shape prom-client reads ({ labels?, value }): no copy per series.
      values: this.family.samples,
    };
  }
}

/** Renders one scrape. Each scrape gets its own registry, so concurrent scrapes never mix values. */
export async function renderFamilies(
  families: readonly MetricFamily[],
  format: ExpositionFormat,
  extra?: Registry,
): Promise<{ contentType: string; body: string }> {
  const registry = newRegistry(format);
  for (const family of families) registry.registerMetric(new FamilySnapshot(family) as unknown as Metric);
  const merged = extra ? Registry.merge([registry, extra]) : registry;
  return { contentType: CONTENT_TYPES[format], body: await merged.metrics() };
}
