import { code, count, mib, ms, percent, signedMib, table } from './markdown.js';
import type { SettlingPlan, SettlingSeries } from './idle-settling.js';
import type { ModuleCost } from './module-costs.js';
import type { ResidentMemory } from './proc-stats.js';
import type { ProfileRun } from './profile-run.js';
import type { RssComposition } from './rss-composition.js';
import type { StageCosts } from './stage-costs.js';

export function renderProfile(run: ProfileRun): string {
  const { summary } = run;
  const categories = table(
    ['owner of the code', 'self time', 'share', 'per scrape'],
    summary.byCategory.map((c) => [c.category, ms(c.ms, 0), percent(c.ms, summary.busyMs), ms(c.ms / run.scrapes)]),
  );
  const frames = (list: typeof summary.topSelf): string =>
    table(
      ['function', 'owner', 'time', 'share', 'per scrape'],
      list.map((f) => [code(f.frame), f.category, ms(f.ms, 0), percent(f.ms, summary.busyMs), ms(f.ms / run.scrapes)]),
    );
  return [
    `${count(run.scrapes)} scrapes with Prometheus' headers under ${code(`node --cpu-prof --cpu-prof-interval=${run.intervalUs}`)}, ` +
      `start-up and warm-up left out: ${ms(summary.busyMs / run.scrapes)} of sampled main-thread time per scrape ` +
      '(the profiler itself inflates this; the shares are what matter).',
    '',
    categories,
    '',
    'Functions by self time:',
    '',
    frames(summary.topSelf),
    '',
    "Our exporter's and its packages' functions by inclusive time (synchronous stacks only: time after an `await` is not charged to the caller):",
    '',
    frames(summary.topInclusive),
  ].join('\n');
}

export function renderComposition(c: RssComposition): string {
  const moments: [string, ResidentMemory][] = [['idle after start-up', c.idle]];
  for (const point of c.checkpoints) {
    moments.push([`after ${count(point.scrapes)} scrapes`, point.resident], ['then after a full GC', point.residentAfterGc]);
  }
  const resident = table(
    ['moment', 'RSS', 'anon', 'file'],
    moments.map(([label, m]) => [label, mib(m.rss), mib(m.anon), mib(m.file)]),
  );
  const usage = (u: NodeJS.MemoryUsage): string[] => [mib(u.heapTotal), mib(u.heapUsed), mib(u.external), mib(u.arrayBuffers)];
  const v8Totals = table(
    ['moment', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'],
    c.checkpoints.flatMap((point) => [
      [`after ${count(point.scrapes)} scrapes`, ...usage(point.heap.usage)],
      ['then after a full GC', ...usage(point.heapAfterGc.usage)],
    ]),
  );
  const first = c.checkpoints[0];
  if (!first) return resident;
  const spaces = table(
    ['V8 space', 'committed', 'used', 'used after full GC'],
    first.heap.spaces
      .filter((space) => space.size > 0)
      .map((space) => {
        const after = first.heapAfterGc.spaces.find((s) => s.name === space.name);
        return [space.name, mib(space.size), mib(space.used), after ? mib(after.used) : ''];
      }),
  );
  const mappings = table(
    ['mapping', 'RSS'],
    first.mappings.slice(0, 6).map((m) => [m.mapping, mib(m.rss)]),
  );
  return [
    'Our exporter alone under its shipped flags, with a V8 probe preloaded (`--expose-gc --import bench/lib/memory-probe.mjs`), self-metrics on.',
    'Live heap (heapUsed after a full GC) that rose between checkpoints would be a leak.',
    '',
    resident,
    '',
    v8Totals,
    '',
    `V8 spaces after ${count(first.scrapes)} scrapes:`,
    '',
    spaces,
    '',
    `Largest mappings after ${count(first.scrapes)} scrapes (/proc/PID/smaps; [anonymous] holds V8's heap):`,
    '',
    mappings,
  ].join('\n');
}

export function renderStageCosts({ stages, defaultMetrics }: StageCosts): string {
  const costliest = defaultMetrics.slice(0, 8);
  return [
    "Each stage of one scrape alone, with the exporter's own modules under its shipped Node.js flags, in a process of its own (no profiler):",
    '',
    table(
      ['stage', 'median wall', 'CPU per call'],
      stages.map(({ stage, cost }) => [stage, ms(cost.medianMs), ms(cost.ownCpuMsPerCall)]),
    ),
    '',
    `prom-client's default metrics read one by one (get()) in the same process, the ${costliest.length} costliest of ${defaultMetrics.length};`,
    'the exporter leaves out those that cost a large share of a scrape (exporter-metrics.ts):',
    '',
    table(
      ['metric', 'CPU per read', 'served by the exporter'],
      costliest.map(({ stage, cost, shipped }) => [`\`${stage}\``, ms(cost.ownCpuMsPerCall), shipped ? 'yes' : '**no**']),
    ),
  ].join('\n');
}

export function renderModuleCosts(costs: readonly ModuleCost[]): string {
  const baseline = costs[0];
  if (!baseline) return '';
  const rows = costs.map((c, i) => [
    c.name,
    mib(c.rss),
    i === 0 ? '' : signedMib(c.rss - baseline.rss),
    i === 0 ? '' : signedMib(c.anon - baseline.anon),
    i === 0 ? '' : signedMib(c.file - baseline.file),
    i === 0 ? '' : signedMib(c.heapUsed - baseline.heapUsed),
  ]);
  return [
    'Each line is a fresh `node --expose-gc` that loads or does one thing, then collects garbage; deltas are against the empty one.',
    '',
    table(['what', 'RSS', 'RSS delta', 'anon delta', 'file delta', 'heapUsed delta'], rows),
  ].join('\n');
}

export function renderSettling(series: readonly SettlingSeries[], plan: SettlingPlan): string {
  const seconds = (i: number): string => `+${((i + 1) * plan.intervalMs) / 1000} s`;
  const samples = series[0]?.rss ?? [];
  return [
    `Our exporter with self-metrics on, scraped ${count(plan.burstScrapes)} times back to back, then once every`,
    `${plan.intervalMs / 1000} s (Prometheus scrapes every 15 s by default). Idle time lets V8's memory reducer give the`,
    "heap back, which back-to-back scraping never does: the side-by-side figures are this exporter's worst case.",
    '',
    table(
      ['our node flags', 'after the burst', ...samples.map((_, i) => seconds(i))],
      series.map((s) => [s.nodeFlags.join(' ') || '(none)', mib(s.afterBurst), ...s.rss.map(mib)]),
    ),
  ].join('\n');
}
