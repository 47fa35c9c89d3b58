/** The q-quantile (0..1) of samples, by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Microseconds that fn took, resolved with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ micros: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { micros: Number(process.hrtime.bigint() - started) / 1000, result };
}
