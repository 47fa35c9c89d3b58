import { constants, gzipSync } from 'node:zlib';
import { ExporterMetrics, renderFamilies } from '../../exporter/src/exposition.js';
import { createLogger } from '../../exporter/src/log.js';
import { scrape } from '../../exporter/src/scrape.js';
import { measureCalls, type CallBudget, type CallCost } from './call-cost.js';
import { createSharedCollectors } from './our-collectors.js';
import { renderWithConcatenation } from './reference-renderer.js';

export interface StageCost {
  readonly stage: string;
  readonly cost: CallCost;
}

/**
 * The stages of one scrape of our exporter, each timed alone in this process with the exporter's
 * own modules: what the side-by-side CPU figure is made of, without the profiler's overhead.
 */
export async function measureStageCosts(budget: CallBudget): Promise<StageCost[]> {
  const logger = createLogger('silent');
  const collectors = [...createSharedCollectors()].map(([name, collector]) => ({ name, collector }));
  const families = await scrape(collectors, logger);
  const selfMetrics = new ExporterMetrics().registry('openmetrics');
  const { body } = await renderFamilies(families, 'openmetrics');
  const stages: [string, () => unknown][] = [
    ['run the collectors (scrape())', () => scrape(collectors, logger)],
    ['render as OpenMetrics (renderFamilies, prom-client)', () => renderFamilies(families, 'openmetrics')],
    ['render as text 0.0.4 (renderFamilies, prom-client)', () => renderFamilies(families, 'text')],
    ['render self-metrics (ExporterMetrics: prom-client defaults)', () => selfMetrics.metrics()],
    ['gzip the OpenMetrics body (level 1)', () => gzipSync(body, { level: constants.Z_BEST_SPEED })],
    ['yardstick: text by string concatenation (bench/lib/reference-renderer.ts)', () => renderWithConcatenation(families)],
  ];
  const costs: StageCost[] = [];
  for (const [stage, call] of stages) costs.push({ stage, cost: await measureCalls(call, budget) });
  return costs;
}
