import { memoryAt, memoryGrowth, type PassFigures } from './analysis.js';
import type { MemorySample } from './exporter-under-test.js';
import { MIB, toMiB } from './proc-stats.js';

/** The targets; "MB" is read as MiB, as /proc reports kB of 1024 bytes. */
export const TARGETS = {
  latencyRatio: 1,
  cpuRatio: 1.5,
  rssAfter1000: 60 * MIB,
  rssEarly: 1000,
  rssLate: 10_000,
  /** "Not growing": RSS may move by GC noise, up to this fraction of the 1,000-scrape value. */
  rssGrowthFraction: 0.05,
} as const;

export interface TargetOutcome {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);

export function evaluateTargets(prometheus: PassFigures, ourMemory: readonly MemorySample[]): TargetOutcome[] {
  const outcomes: TargetOutcome[] = [
    {
      target: "median scrape latency no higher than node_exporter's",
      measured: `${fmt(prometheus.ours.latency.median, 3)} ms vs ${fmt(prometheus.theirs.latency.median, 3)} ms (ratio ${fmt(prometheus.medianLatencyRatio)})`,
      pass: prometheus.medianLatencyRatio <= TARGETS.latencyRatio,
    },
    {
      target: "CPU time per scrape at most 1.5x node_exporter's",
      measured: `${fmt(prometheus.ours.cpuMsPerScrape, 3)} ms vs ${fmt(prometheus.theirs.cpuMsPerScrape, 3)} ms (median block ratio ${fmt(prometheus.cpuRatio)})`,
      pass: prometheus.cpuRatio <= TARGETS.cpuRatio,
    },
  ];
  const early = memoryAt(ourMemory, TARGETS.rssEarly);
  outcomes.push({
    target: 'resident memory at most 60 MiB after 1,000 scrapes',
    // Both readings of "MB", so the figure can be judged either way.
    measured: early ? `${fmt(toMiB(early.rss), 1)} MiB (${fmt(early.rss / 1e6, 1)} MB) at ${early.served} scrapes` : 'no sample',
    pass: early !== undefined && early.rss <= TARGETS.rssAfter1000,
  });
  const growth = memoryGrowth(ourMemory, TARGETS.rssEarly, TARGETS.rssLate);
  const peak = ourMemory
    .filter((s) => s.served >= TARGETS.rssEarly && s.served <= TARGETS.rssLate)
    .reduce<MemorySample | undefined>((max, s) => (max && max.rss >= s.rss ? max : s), undefined);
  outcomes.push({
    target: `resident memory not growing from 1,000 to 10,000 scrapes (at most +${TARGETS.rssGrowthFraction * 100}%)`,
    measured: growth
      ? `${growth.bytes >= 0 ? '+' : ''}${fmt(toMiB(growth.bytes), 1)} MiB (${fmt(growth.fraction * 100, 1)}%) from ${growth.from.served} to ${growth.to.served}` +
        (peak ? `; peak ${fmt(toMiB(peak.rss), 1)} MiB at ${peak.served}` : '') +
        (peak && growth.to.served > peak.served ? `, then ${fmt(toMiB(growth.to.rss - peak.rss), 1)} MiB to ${growth.to.served}` : '')
      : 'no samples',
    pass: growth !== undefined && growth.to.served >= TARGETS.rssLate && growth.fraction <= TARGETS.rssGrowthFraction,
  });
  return outcomes;
}
