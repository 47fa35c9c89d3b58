/** Nearest-rank quantile (q in [0, 1]) of unsorted samples; NaN for none. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

export interface LatencySummary {
  readonly count: number;
  readonly median: number;
  readonly p90: number;
  readonly p99: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    median: median(samples),
    p90: quantile(samples, 0.9),
    p99: quantile(samples, 0.99),
  };
}
