import type { Labels, MetricFamily, MetricType, Sample } from './metric-family.js';
import { Registry, collectDefaultMetrics } from './prom-client-modules.js';
import { registerVirtualMemoryMax } from './process-limits.js';

type PromClientFamily = Awaited<ReturnType<Registry['getMetricsAsJSON']>>[number];

// prom-client's typings declare a numeric enum, but its metrics carry these strings (lib/gauge.js, ...).
const METRIC_TYPES: ReadonlySet<string> = new Set<MetricType>(['gauge', 'counter', 'histogram', 'summary']);

/**
 * prom-client's defaults the exporter leaves out, for what reading them costs a scrape (BENCHMARKS.md):
 * nodejs_eventloop_lag_*, whose percentiles take 0.3 ms of CPU, as much as reading the whole host, and
 * wait for an extra event-loop turn.
 */
const LEFT_OUT = (name: string): boolean => name.startsWith('nodejs_eventloop_lag_');

/**
 * The exporter's own process metrics: prom-client's defaults, less LEFT_OUT, and the virtual-memory
 * limit client_golang reports. prom-client reads them; the exposition writer formats them with the
 * host's families.
 */
export class ExporterMetrics {
  private readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const metric of this.registry.getMetricsAsArray()) {
      if (LEFT_OUT(metric.name)) this.registry.removeSingleMetric(metric.name);
    }
    registerVirtualMemoryMax(this.registry);
  }

  async families(): Promise<MetricFamily[]> {
    return (await this.registry.getMetricsAsJSON()).map(toFamily);
  }
}

function toFamily(metric: PromClientFamily): MetricFamily {
  const type = String(metric.type);
  if (!METRIC_TYPES.has(type)) throw new Error(`prom-client metric ${metric.name} has unknown type ${type}`);
  const samples: Sample[] = [];
  for (const value of metric.values) {
    const name = 'metricName' in value && typeof value.metricName === 'string' ? value.metricName : undefined;
    samples.push({ name, labels: stringLabels(value.labels), value: value.value });
  }
  return { name: metric.name, help: metric.help, type: type as MetricType, samples };
}

/** prom-client allows numbers as label values (nodejs_version_info's major, a histogram's le). */
function stringLabels(labels: Partial<Record<string, string | number>>): Labels {
  for (const name in labels) {
    if (typeof labels[name] !== 'string') return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)]));
  }
  return labels as Labels; // every value is a string
}
