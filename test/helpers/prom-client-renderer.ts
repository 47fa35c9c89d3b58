import Registry from 'prom-client/lib/registry.js';
import type { ExpositionFormat } from '../../exporter/src/exposition.js';
import type { MetricFamily } from '../../exporter/src/metric-family.js';

const CONTENT_TYPES = { text: Registry.PROMETHEUS_CONTENT_TYPE, openmetrics: Registry.OPENMETRICS_CONTENT_TYPE } as const;

/**
 * Families rendered by prom-client's Registry, which reads any object with a name, a type and get() (the
 * shape its own metrics have): the oracle the exporter's writer is tested against, and the bench's
 * yardstick for what rendering through prom-client costs.
 */
export function renderWithPromClient(families: readonly MetricFamily[], format: ExpositionFormat): Promise<string> {
  const registry = new Registry<(typeof CONTENT_TYPES)[ExpositionFormat]>();
  registry.setContentType(CONTENT_TYPES[format]);
  for (const family of families) {
    // As OpenMetrics, the Registry renames a counter in place (drops _total) before calling get().
    const metric = {
      name: family.name,
      type: family.type,
      get: () => ({ name: metric.name, help: family.help, type: family.type, aggregator: 'sum', values: family.samples }),
    };
    registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
  }
  return registry.metrics();
}
