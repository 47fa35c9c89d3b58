import { passFigures, type PassFigures } from './analysis.js';
import { mib, ms, ratio } from './markdown.js';
import type { BenchResults } from './report.js';

/** Live heap may wobble this much between checkpoints without being called a leak. */
const LEAK_TOLERANCE = 0.2;

function selfMetricsFinding(r: BenchResults, on: PassFigures): string | undefined {
  const offSession = r.variants.find((v) => !v.plan.exporterMetrics);
  if (!offSession?.passes[0]) return undefined;
  const off = passFigures(offSession.passes[0]);
  return (
    `Self-metrics: on for both, ours is ${ratio(on.medianLatencyRatio)} node_exporter's median latency and ${ratio(on.cpuRatio)} its CPU; ` +
    `off for both, ${ratio(off.medianLatencyRatio)} and ${ratio(off.cpuRatio)}.`
  );
}

function stageFinding(r: BenchResults): string | undefined {
  const measured = r.stageCosts.stages.filter((s) => !s.stage.startsWith('yardstick'));
  const largest = [...measured].sort((a, b) => b.cost.ownCpuMsPerCall - a.cost.ownCpuMsPerCall)[0];
  const yardstick = r.stageCosts.stages.find((s) => s.stage.startsWith('yardstick'));
  const render = r.stageCosts.stages.find((s) => s.stage.startsWith('render as OpenMetrics'));
  if (!largest) return undefined;
  return (
    `Costliest stage of a scrape: ${largest.stage}, ${ms(largest.cost.ownCpuMsPerCall)} of CPU.` +
    (yardstick && render
      ? ` Rendering the host's families costs ${ms(render.cost.ownCpuMsPerCall)}; through prom-client's Registry it cost ${ms(yardstick.cost.ownCpuMsPerCall)}.`
      : '')
  );
}

function leakFinding(r: BenchResults): string | undefined {
  const [first, last] = [r.composition.checkpoints[0], r.composition.checkpoints.at(-1)];
  if (!first || !last || first === last) return undefined;
  const live = [first.heapAfterGc.usage.heapUsed, last.heapAfterGc.usage.heapUsed] as const;
  const leak = live[1] > live[0] * (1 + LEAK_TOLERANCE);
  return (
    `Live heap after a full GC: ${mib(live[0])} at ${first.scrapes} scrapes, ${mib(live[1])} at ${last.scrapes}, while V8's heapTotal ` +
    `went from ${mib(first.heap.usage.heapTotal)} to ${mib(last.heap.usage.heapTotal)}: ` +
    (leak ? 'the live heap grows, which looks like a leak.' : 'RSS growth is V8 sizing its heap, not a leak.')
  );
}

function settlingFinding(r: BenchResults): string | undefined {
  const parts = r.settling.map(
    (s) => `${s.nodeFlags.join(' ') || 'no flags'}: ${mib(s.afterBurst)} after the burst, ${mib(s.rss.at(-1) ?? s.afterBurst)} at the end`,
  );
  return parts.length > 0 ? `Scraped every few seconds after a burst: ${parts.join('; ')}.` : undefined;
}

export function renderFindings(r: BenchResults): string {
  const prometheus = r.main.passes[0];
  if (!prometheus) return '';
  const findings = [selfMetricsFinding(r, passFigures(prometheus)), stageFinding(r), leakFinding(r), settlingFinding(r)];
  return findings
    .filter((f): f is string => f !== undefined)
    .map((f) => `- ${f}`)
    .join('\n');
}
