import { readCpuTicks, ticksToMs } from '../lib/proc-stats.js';

/** CPU (utime+stime) each process spent during one run, per 1,000 items acknowledged. */
export interface CpuUse {
  readonly msPerThousand: Readonly<Record<string, number>>;
}

type Pids = Readonly<Record<string, number | 'self'>>;

const ticksOf = (pid: number | 'self'): Promise<number> => readCpuTicks(pid === 'self' ? process.pid : pid);

/**
 * Runs `run` and reports the CPU of each named process over it: on a machine with two cores the bridge,
 * influxd and the load generator compete, so where the CPU goes explains the latency.
 */
export async function measureCpuUse<T extends { acknowledgedItems: number }>(pids: Pids, run: () => Promise<T>): Promise<[T, CpuUse]> {
  const names = Object.keys(pids);
  const before = await Promise.all(names.map((name) => ticksOf(pids[name] as number | 'self')));
  const result = await run();
  const after = await Promise.all(names.map((name) => ticksOf(pids[name] as number | 'self')));
  const thousands = Math.max(result.acknowledgedItems, 1) / 1000;
  const msPerThousand = Object.fromEntries(names.map((name, i) => [name, ticksToMs((after[i] as number) - (before[i] as number)) / thousands]));
  return [result, { msPerThousand }];
}
