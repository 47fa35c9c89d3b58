import { shippedNodeFlags } from './exporter-under-test.js';
import { PLAIN_TEXT_HEADERS, PROMETHEUS_2_42_HEADERS } from './http-scraper.js';
import type { CallBudget } from './call-cost.js';
import type { SettlingPlan } from './idle-settling.js';
import type { SessionPlan } from './session.js';

export interface BenchPlan {
  readonly main: SessionPlan;
  readonly variants: readonly SessionPlan[];
  readonly profile: { readonly warmUpScrapes: number; readonly scrapes: number };
  /** Scrapes served when our exporter's memory is taken apart; two, to tell a leak from heap growth. */
  readonly compositionCheckpoints: readonly number[];
  readonly settling: SettlingPlan;
  readonly callBudgets: {
    readonly stages: CallBudget;
    readonly collectors: CallBudget;
    readonly systeminformation: CallBudget;
  };
}

const PROMETHEUS_PASS = 'Prometheus 2.42 headers (OpenMetrics preferred, gzip)';

/** Node.js flags tried on our exporter, each in a shorter session of its own. */
function nodeFlagVariants(shipped: string[]): { flags: string[]; exporterMetrics: boolean }[] {
  return [
    { flags: shipped, exporterMetrics: false },
    // V8's defaults, to show what the shipped flags buy.
    { flags: [], exporterMetrics: true },
    // The shipped heap limits with TurboFan on, to show what --no-opt costs in CPU and saves in memory.
    { flags: shipped.filter((flag) => flag !== '--no-opt'), exporterMetrics: true },
    // The flags shipped before scrapes were served one at a time.
    { flags: ['--max-semi-space-size=2', '--max-old-space-size=64'], exporterMetrics: true },
  ];
}

/** `quick` divides every count by ten: for trying the bench itself, not for comparing with the targets. */
export function benchPlan(quick: boolean): BenchPlan {
  const n = (full: number): number => (quick ? Math.max(1, Math.round(full / 10)) : full);
  const memoryEvery = n(1000);
  const main: SessionPlan = {
    name: 'main',
    ourNodeFlags: shippedNodeFlags(),
    exporterMetrics: true,
    warmUpScrapes: n(200),
    memoryEvery,
    passes: [
      { name: PROMETHEUS_PASS, headers: PROMETHEUS_2_42_HEADERS, blocks: 5, blockSize: n(2000) },
      { name: 'plain text, no gzip', headers: PLAIN_TEXT_HEADERS, blocks: 3, blockSize: n(1000) },
    ],
  };
  const variants = nodeFlagVariants(shippedNodeFlags()).map(({ flags, exporterMetrics }) => ({
    name: `${flags.join(' ') || 'no node flags'}, self-metrics ${exporterMetrics ? 'on' : 'off'}`,
    ourNodeFlags: flags,
    exporterMetrics,
    warmUpScrapes: n(200),
    memoryEvery,
    passes: [{ name: PROMETHEUS_PASS, headers: PROMETHEUS_2_42_HEADERS, blocks: 3, blockSize: n(1000) }],
  }));
  return {
    main,
    variants,
    profile: { warmUpScrapes: n(200), scrapes: n(2000) },
    compositionCheckpoints: [n(1000), n(5000)],
    settling: {
      variants: [[], shippedNodeFlags()],
      burstScrapes: n(5000),
      intervalMs: 5000,
      samples: quick ? 2 : 8,
    },
    callBudgets: {
      stages: { minCalls: 20, maxCalls: n(3000), maxMs: quick ? 200 : 1500 },
      collectors: { minCalls: 20, maxCalls: n(2000), maxMs: quick ? 200 : 1500 },
      systeminformation: { minCalls: 3, maxCalls: n(200), maxMs: quick ? 300 : 2500 },
    },
  };
}
