import { appendFile } from 'node:fs/promises';

/** One promise's figures from one run of the fault suite: a line of RELIABILITY.md's results. */
export interface ReliabilityResult {
  readonly promise: string;
  readonly test: string;
  readonly figures: Readonly<Record<string, number | string>>;
  readonly at: string;
}

/**
 * Appends one JSON line to the file named by HOSTWATCH_RELIABILITY_RESULTS (`npm run test:faults`
 * sets it; scripts/reliability-report.ts turns the lines into RELIABILITY.md). Without it, nothing.
 */
export async function recordResult(promise: string, test: string, figures: Readonly<Record<string, number | string>>): Promise<void> {
  const file = process.env.HOSTWATCH_RELIABILITY_RESULTS;
  if (!file) return;
  const result: ReliabilityResult = { promise, test, figures, at: new Date().toISOString() };
  await appendFile(file, `${JSON.stringify(result)}\n`);
}
