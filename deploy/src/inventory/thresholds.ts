import { Document, Scalar } from 'yaml';
import { GENERATED_HEADER } from './generated-header.js';
import { RESOURCES, type Inventory, type Resource } from './inventory.js';

/** hostwatch:threshold:cpu_percent and so on: the series each threshold is recorded as. */
export function thresholdSeriesName(resource: Resource): string {
  return `hostwatch:threshold:${resource}_percent`;
}

export const THRESHOLDS_GROUP = 'hostwatch-thresholds';

/** Quoted, because Prometheus reads YAML 1.1, where some host:port strings are not plain strings. */
function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, Scalar<string>>;
}

/**
 * Prometheus recording rules holding the thresholds as series: per resource, the default without an
 * instance label, then each host's override with its instance. prometheus/rules/host-alerts.yml
 * picks, per host, the override or else the default, so one alert rule serves every host.
 */
export function renderThresholdRules(inventory: Inventory): string {
  const rules: RecordingRule[] = RESOURCES.map((resource) => ({
    record: thresholdSeriesName(resource),
    expr: `vector(${inventory.defaults[resource]})`,
  }));
  for (const host of inventory.hosts) {
    for (const resource of RESOURCES) {
      const percent = host.thresholds[resource];
      if (percent === undefined) continue;
      rules.push({ record: thresholdSeriesName(resource), expr: `vector(${percent})`, labels: { instance: quoted(host.address) } });
    }
  }
  const document = new Document({ groups: [{ name: THRESHOLDS_GROUP, rules }] });
  document.commentBefore =
    `${GENERATED_HEADER}\n` +
    ' hostwatch:threshold:<resource>_percent without an instance label is the default, with one a\n' +
    " host's override; host-alerts.yml turns them into instance:hostwatch_<resource>_threshold:ratio.";
  return document.toString({ lineWidth: 0 });
}
