import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { ExporterMetrics } from '../../exporter/src/exporter-metrics.js';
import { renderFamilies } from '../../exporter/src/exposition.js';
import { createLogger } from '../../exporter/src/log.js';
import { scrape } from '../../exporter/src/scrape.js';
import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';
import Registry from 'prom-client/lib/registry.js';
import { measureCalls, type CallBudget, type CallCost } from './call-cost.js';
import { shippedNodeFlags } from './exporter-under-test.js';
import { createSharedCollectors } from './our-collectors.js';
import { renderWithPromClient } from '../../test/helpers/prom-client-renderer.js';

const execFileAsync = promisify(execFile);

export interface StageCost {
  readonly stage: string;
  readonly cost: CallCost;
}

export interface StageCosts {
  readonly stages: readonly StageCost[];
  /** Each of prom-client's default metrics read (get()) alone, costliest first. */
  readonly defaultMetrics: readonly (StageCost & { readonly shipped: boolean })[];
}

/**
 * The stages of one scrape of our exporter, each timed alone with the exporter's own modules: what the
 * side-by-side CPU figure is made of, without the profiler's overhead. Run in a child process under the
 * exporter's shipped Node.js flags (stage-costs-main.ts): without TurboFan, costs are not this process's.
 */
export async function measureStageCosts(budget: CallBudget): Promise<StageCosts> {
  const main = fileURLToPath(new URL('./stage-costs-main.ts', import.meta.url));
  const { stdout } = await execFileAsync(process.execPath, [...shippedNodeFlags(), '--import', 'tsx', main, JSON.stringify(budget)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as StageCosts;
}

/** measureStageCosts' work, in the process that stage-costs-main.ts starts. */
export async function measureStageCostsHere(budget: CallBudget): Promise<StageCosts> {
  const logger = createLogger('silent');
  const collectors = [...createSharedCollectors()].map(([name, collector]) => ({ name, collector }));
  const families = await scrape(collectors, logger);
  const selfMetrics = new ExporterMetrics();
  const { body } = renderFamilies(families, 'openmetrics');
  const stages: [string, () => unknown][] = [
    ['run the collectors (scrape())', () => scrape(collectors, logger)],
    ['read self-metrics (ExporterMetrics: prom-client defaults)', () => selfMetrics.families()],
    ['render as OpenMetrics (renderFamilies)', () => renderFamilies(families, 'openmetrics')],
    ['render as text 0.0.4 (renderFamilies)', () => renderFamilies(families, 'text')],
    ['gzip the OpenMetrics body (level 1)', () => gzipSync(body, { level: constants.Z_BEST_SPEED })],
    ["yardstick: the same families through prom-client's Registry (test/helpers/prom-client-renderer.ts)", () => renderWithPromClient(families, 'openmetrics')],
  ];
  const costs: StageCost[] = [];
  for (const [stage, call] of stages) costs.push({ stage, cost: await measureCalls(call, budget) });
  return { stages: costs, defaultMetrics: await measureDefaultMetrics(budget) };
}

/** Why the exporter leaves some of prom-client's defaults out (exporter-metrics.ts). */
async function measureDefaultMetrics(budget: CallBudget): Promise<StageCosts['defaultMetrics']> {
  const all = new Registry();
  collectDefaultMetrics({ register: all });
  const shipped = new Set((await new ExporterMetrics().families()).map((family) => family.name));
  const perMetric = { ...budget, maxMs: budget.maxMs / 10 };
  const costs: StageCosts['defaultMetrics'][number][] = [];
  for (const metric of all.getMetricsAsArray()) {
    const read = all.getSingleMetric(metric.name);
    if (!read) continue;
    costs.push({ stage: metric.name, cost: await measureCalls(() => read.get(), perMetric), shipped: shipped.has(metric.name) });
  }
  return costs.sort((a, b) => b.cost.ownCpuMsPerCall - a.cost.ownCpuMsPerCall);
}
