import Negotiator from 'negotiator';
import { Counter, Gauge, Registry, collectDefaultMetrics, type RegistryContentType } from 'prom-client';
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
 * The exporter's own process metrics (prom-client's defaults). One registry per format, because
 * rendering a registry as OpenMetrics renames its counters in place (prom-client 15).
 */
export class ExporterMetrics {
  private readonly registries = new Map<ExpositionFormat, Registry>();

  registry(format: ExpositionFormat): Registry {
    let registry = this.registries.get(format);
    if (!registry) {
      registry = newRegistry(format);
      collectDefaultMetrics({ register: registry });
      registerVirtualMemoryMax(registry);
      this.registries.set(format, registry);
    }
    return registry;
  }
}

/**
 * Renders one scrape. Each scrape gets its own prom-client registry and metric objects, so two
 * concurrent scrapes never see each other's values.
 */
export async function renderFamilies(
  families: readonly MetricFamily[],
  format: ExpositionFormat,
  extra?: Registry,
): Promise<{ contentType: string; body: string }> {
  const registry = newRegistry(format);
  for (const family of families) {
    const config = {
      name: family.name,
      help: family.help,
      labelNames: family.labelNames ?? [],
      registers: [registry],
    };
    if (family.type === 'counter') {
      const metric = new Counter(config);
      for (const sample of family.samples) metric.inc(sample.labels ?? {}, sample.value);
    } else {
      const metric = new Gauge(config);
      for (const sample of family.samples) metric.set(sample.labels ?? {}, sample.value);
    }
  }
  const merged = extra ? Registry.merge([registry, extra]) : registry;
  return { contentType: CONTENT_TYPES[format], body: await merged.metrics() };
}
