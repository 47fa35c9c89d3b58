import type { MemorySample } from './exporter-under-test.js';
import { ticksToMs } from './proc-stats.js';
import { median, summarize, type LatencySummary } from './quantiles.js';
import type { PassResult, SideResult } from './side-by-side.js';

export interface SideFigures {
  readonly latency: LatencySummary;
  /** CPU per scrape over the whole pass. */
  readonly cpuMsPerScrape: number;
  readonly blockCpuMsPerScrape: readonly number[];
  readonly bytes: number;
  readonly contentType: string;
  readonly contentEncoding: string;
}

export interface PassFigures {
  readonly name: string;
  readonly ours: SideFigures;
  readonly theirs: SideFigures;
  /** ours / theirs; below 1 is ours faster. */
  readonly medianLatencyRatio: number;
  readonly blockCpuRatios: readonly number[];
  /** The median over blocks of ours/theirs, which shrugs off a block disturbed by something else. */
  readonly cpuRatio: number;
}

function sideFigures(side: SideResult, blockSize: number): SideFigures {
  const blockCpuMsPerScrape = side.blockTicks.map((ticks) => ticksToMs(ticks) / blockSize);
  const totalTicks = side.blockTicks.reduce((a, b) => a + b, 0);
  return {
    latency: summarize(side.latenciesMs),
    cpuMsPerScrape: ticksToMs(totalTicks) / (blockSize * side.blockTicks.length),
    blockCpuMsPerScrape,
    bytes: side.lastResponse?.bytes ?? 0,
    contentType: side.lastResponse?.contentType ?? '',
    contentEncoding: side.lastResponse?.contentEncoding ?? '',
  };
}

export function passFigures(pass: PassResult): PassFigures {
  const ours = sideFigures(pass.ours, pass.blockSize);
  const theirs = sideFigures(pass.theirs, pass.blockSize);
  const blockCpuRatios = ours.blockCpuMsPerScrape.map((ms, i) => ms / (theirs.blockCpuMsPerScrape[i] as number));
  return {
    name: pass.name,
    ours,
    theirs,
    medianLatencyRatio: ours.latency.median / theirs.latency.median,
    blockCpuRatios,
    cpuRatio: median(blockCpuRatios),
  };
}

/** The sample taken at exactly `served` scrapes, or failing that the last one before it. */
export function memoryAt(series: readonly MemorySample[], served: number): MemorySample | undefined {
  return [...series].reverse().find((sample) => sample.served <= served && sample.served > 0);
}

export interface MemoryGrowth {
  readonly from: MemorySample;
  readonly to: MemorySample;
  readonly bytes: number;
  readonly fraction: number;
}

export function memoryGrowth(series: readonly MemorySample[], fromServed: number, toServed: number): MemoryGrowth | undefined {
  const from = memoryAt(series, fromServed);
  const to = memoryAt(series, toServed);
  if (!from || !to || from === to) return undefined;
  return { from, to, bytes: to.rss - from.rss, fraction: (to.rss - from.rss) / from.rss };
}
