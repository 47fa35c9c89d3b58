import type { OutgoingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchHostwatch, type ExporterUnderTest } from './exporter-under-test.js';
import { readResidentMemory } from './proc-stats.js';
import { sharedExporterFlags } from './session.js';

export interface SettlingPlan {
  /** Node.js flag sets, each run as its own exporter, side by side. */
  readonly variants: readonly (readonly string[])[];
  readonly burstScrapes: number;
  readonly intervalMs: number;
  readonly samples: number;
}

export interface SettlingSeries {
  readonly nodeFlags: readonly string[];
  readonly afterBurst: number;
  /** RSS after each sparse scrape, `intervalMs` apart. */
  readonly rss: readonly number[];
}

async function burst(target: ExporterUnderTest, scrapes: number, headers: OutgoingHttpHeaders): Promise<void> {
  for (let i = 0; i < scrapes; i += 1) await target.scrape(headers);
}

/**
 * Back-to-back scraping never leaves V8 idle, so its memory reducer never shrinks the heap. This
 * scrapes each exporter in a burst, then sparsely, as Prometheus does, and follows RSS meanwhile.
 * Only memory is read here, so the exporters may share the CPU during the burst.
 */
export async function measureIdleSettling(plan: SettlingPlan, headers: OutgoingHttpHeaders): Promise<SettlingSeries[]> {
  const targets: ExporterUnderTest[] = [];
  try {
    for (const flags of plan.variants) {
      targets.push(await launchHostwatch(flags, { exporterFlags: sharedExporterFlags(true), memoryEvery: Number.MAX_SAFE_INTEGER }));
    }
    await Promise.all(targets.map((target) => burst(target, plan.burstScrapes, headers)));
    const series = await Promise.all(
      targets.map(async (target, i) => ({
        nodeFlags: plan.variants[i] as readonly string[],
        afterBurst: (await readResidentMemory(target.pid)).rss,
        rss: [] as number[],
      })),
    );
    for (let sample = 0; sample < plan.samples; sample += 1) {
      await sleep(plan.intervalMs);
      for (const [i, target] of targets.entries()) {
        await target.scrape(headers);
        series[i]?.rss.push((await readResidentMemory(target.pid)).rss);
      }
    }
    return series;
  } finally {
    await Promise.all(targets.map((target) => target.stop()));
  }
}
