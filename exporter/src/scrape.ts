import type { Logger } from 'pino';
import type { Collector } from './collector.js';
import type { MetricFamily, Sample } from './metric-family.js';

export interface NamedCollector {
  readonly name: string;
  readonly collector: Collector;
}

interface Outcome {
  readonly name: string;
  readonly seconds: number;
  readonly success: boolean;
  readonly families: readonly MetricFamily[];
}

async function runOne({ name, collector }: NamedCollector, logger: Logger): Promise<Outcome> {
  const start = performance.now();
  try {
    const families = await collector.update();
    return { name, seconds: (performance.now() - start) / 1000, success: true, families };
  } catch (error) {
    const seconds = (performance.now() - start) / 1000;
    logger.error({ name, duration_seconds: seconds, err: error }, 'collector failed');
    return { name, seconds, success: false, families: [] };
  }
}

/**
 * Runs the collectors side by side, as node_exporter's NodeCollector.Collect does: one that throws
 * costs only its own metrics, and each reports its duration and success.
 */
export async function scrape(collectors: readonly NamedCollector[], logger: Logger): Promise<MetricFamily[]> {
  const outcomes = await Promise.all(collectors.map((c) => runOne(c, logger)));
  const durations: Sample[] = [];
  const successes: Sample[] = [];
  const families: MetricFamily[] = [];
  for (const outcome of outcomes) {
    durations.push({ labels: { collector: outcome.name }, value: outcome.seconds });
    successes.push({ labels: { collector: outcome.name }, value: outcome.success ? 1 : 0 });
    families.push(...outcome.families);
  }
  families.push(
    {
      name: 'node_scrape_collector_duration_seconds',
      help: 'node_exporter: Duration of a collector scrape.',
      type: 'gauge',
      labelNames: ['collector'],
      samples: durations,
    },
    {
      name: 'node_scrape_collector_success',
      help: 'node_exporter: Whether a collector succeeded.',
      type: 'gauge',
      labelNames: ['collector'],
      samples: successes,
    },
  );
  return families;
}
