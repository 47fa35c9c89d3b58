import { memoryAt, passFigures, type PassFigures } from './analysis.js';
import type { MemorySample } from './exporter-under-test.js';
import { count, mib, ms, ratio, signedMib, table } from './markdown.js';
import type { SessionResult } from './session.js';

function responseLabel(side: PassFigures['ours']): string {
  const format = side.contentType.split(';').slice(0, 2).join(';');
  return `${format}, ${side.contentEncoding}, ${count(side.bytes)} B`;
}

export function renderLatency(passes: readonly PassFigures[]): string {
  const rows = passes.flatMap((pass) =>
    (['ours', 'theirs'] as const).map((side) => {
      const figures = pass[side];
      return [
        side === 'ours' ? pass.name : '',
        side === 'ours' ? 'hostwatch' : 'node_exporter',
        count(figures.latency.count),
        ms(figures.latency.median),
        ms(figures.latency.p90),
        ms(figures.latency.p99),
        side === 'ours' ? ratio(pass.medianLatencyRatio) : '',
        responseLabel(figures),
      ];
    }),
  );
  return table(['pass', 'exporter', 'scrapes', 'median', 'p90', 'p99', 'ratio of medians', 'response'], rows);
}

export function renderCpu(passes: readonly PassFigures[]): string {
  const rows = passes.flatMap((pass) =>
    (['ours', 'theirs'] as const).map((side) => [
      side === 'ours' ? pass.name : '',
      side === 'ours' ? 'hostwatch' : 'node_exporter',
      ms(pass[side].cpuMsPerScrape),
      pass[side].blockCpuMsPerScrape.map((v) => v.toFixed(3)).join(', '),
      side === 'ours' ? pass.blockCpuRatios.map((r) => r.toFixed(2)).join(', ') : '',
      side === 'ours' ? ratio(pass.cpuRatio) : '',
    ]),
  );
  return table(['pass', 'exporter', 'CPU per scrape (all blocks)', 'per block (ms)', 'block ratios', 'median block ratio'], rows);
}

export function renderMemorySeries(ours: readonly MemorySample[], theirs: readonly MemorySample[]): string {
  const rows = ours.map((sample) => {
    const other = theirs.find((t) => t.served === sample.served);
    return [
      sample.served === 0 ? '0 (idle after start)' : count(sample.served),
      mib(sample.rss),
      mib(sample.anon),
      mib(sample.file),
      other ? mib(other.rss) : '',
    ];
  });
  return table(['scrapes served', 'hostwatch RSS', 'anon', 'file', 'node_exporter RSS'], rows);
}

export function renderVariants(variants: readonly SessionResult[]): string {
  const rows = variants.map((session) => {
    const figures = passFigures(session.passes[0] as SessionResult['passes'][0]);
    const first = memoryAt(session.ourMemory, session.plan.memoryEvery);
    const last = session.ourMemory.at(-1);
    const theirLast = session.theirMemory.at(-1);
    return [
      session.plan.ourNodeFlags.join(' ') || '(none)',
      session.plan.exporterMetrics ? 'on' : 'off',
      `${ms(figures.ours.latency.median)} / ${ms(figures.theirs.latency.median)}`,
      ratio(figures.medianLatencyRatio),
      `${ms(figures.ours.cpuMsPerScrape)} / ${ms(figures.theirs.cpuMsPerScrape)}`,
      ratio(figures.cpuRatio),
      first ? `${mib(first.rss)} @${count(first.served)}` : '',
      last && first ? `${mib(last.rss)} @${count(last.served)} (${signedMib(last.rss - first.rss)})` : '',
      theirLast ? mib(theirLast.rss) : '',
    ];
  });
  return table(
    [
      'our node flags',
      'self-metrics (both)',
      'median latency ours / theirs',
      'latency ratio',
      'CPU per scrape ours / theirs',
      'CPU ratio',
      'our RSS early',
      'our RSS at end',
      'node_exporter RSS at end',
    ],
    rows,
  );
}
