import { collectorFlags } from '../../test/helpers/exporters.js';
import { launchHostwatch, launchNodeExporter, type ExporterUnderTest, type MemorySample } from './exporter-under-test.js';
import { runPass, warmUp, type PassOptions, type PassResult } from './side-by-side.js';

/** One pair of freshly started exporters and what is run against them. */
export interface SessionPlan {
  readonly name: string;
  /** Node.js flags for our exporter only (node_exporter is a Go binary). */
  readonly ourNodeFlags: readonly string[];
  /** process_* and runtime metrics about the exporter itself; always the same on both sides. */
  readonly exporterMetrics: boolean;
  readonly warmUpScrapes: number;
  readonly memoryEvery: number;
  readonly passes: readonly PassOptions[];
}

export interface SessionResult {
  readonly plan: SessionPlan;
  readonly passes: readonly PassResult[];
  readonly ourMemory: readonly MemorySample[];
  readonly theirMemory: readonly MemorySample[];
  /** "exporter: collector" for every collector that failed in the check before warm-up. */
  readonly failedCollectors: readonly string[];
}

export function sharedExporterFlags(exporterMetrics: boolean): string[] {
  return [...collectorFlags(), ...(exporterMetrics ? [] : ['--web.disable-exporter-metrics'])];
}

export async function runSession(plan: SessionPlan, progress: (message: string) => void): Promise<SessionResult> {
  const launchOptions = { exporterFlags: sharedExporterFlags(plan.exporterMetrics), memoryEvery: plan.memoryEvery };
  const started: ExporterUnderTest[] = [];
  try {
    const ours = await launchHostwatch(plan.ourNodeFlags, launchOptions);
    started.push(ours);
    const theirs = await launchNodeExporter(launchOptions);
    started.push(theirs);
    await Promise.all(started.map((target) => target.sampleMemory())); // idle, right after start-up
    const failedCollectors: string[] = [];
    for (const target of started) {
      for (const name of await target.failedCollectors()) failedCollectors.push(`${target.name}: ${name}`);
    }
    if (failedCollectors.length > 0) progress(`${plan.name}: collectors failing: ${failedCollectors.join(', ')}`);
    progress(`${plan.name}: warming up (${plan.warmUpScrapes} scrapes each)`);
    await warmUp(started, plan.warmUpScrapes, plan.passes[0]?.headers ?? {});
    const passes: PassResult[] = [];
    for (const pass of plan.passes) {
      progress(`${plan.name}: ${pass.name} (${pass.blocks} x ${pass.blockSize} scrapes each, alternating)`);
      passes.push(await runPass(ours, theirs, pass));
    }
    return { plan, passes, ourMemory: ours.memorySeries, theirMemory: theirs.memorySeries, failedCollectors };
  } finally {
    await Promise.all(started.map((target) => target.stop()));
  }
}
