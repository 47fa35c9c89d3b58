import { childProcessesStarted } from './child-process-counter.js';
import { median } from './quantiles.js';
import { readForkCount, readProcessCpu, ticksToMs } from './proc-stats.js';

export interface CallBudget {
  readonly minCalls: number;
  readonly maxCalls: number;
  readonly maxMs: number;
}

export interface CallCost {
  /** The first call, which may fill caches or start helper processes. */
  readonly firstCallMs: number;
  readonly calls: number;
  readonly medianMs: number;
  readonly callsPerSecond: number;
  /** This process's CPU (all threads), per call. */
  readonly ownCpuMsPerCall: number;
  /** CPU of child processes it waited for, per call (10 ms ticks, so an average over the calls). */
  readonly childCpuMsPerCall: number;
  /** Processes started through node:child_process, per call (a shell pipeline starts more). */
  readonly childProcessesPerCall: number;
  /** Every process created on the machine meanwhile, per call: includes the shells' own children. */
  readonly machineForksPerCall: number;
}

/** Calls `call` one at a time, after one cold call, until the budget runs out. */
export async function measureCalls(call: () => unknown, budget: CallBudget): Promise<CallCost> {
  const coldStart = performance.now();
  await call();
  const firstCallMs = performance.now() - coldStart;

  const cpuBefore = process.cpuUsage();
  const procBefore = await readProcessCpu('self');
  const forksBefore = await readForkCount();
  const startedBefore = childProcessesStarted();
  const durations: number[] = [];
  const start = performance.now();
  while (
    durations.length < budget.minCalls ||
    (durations.length < budget.maxCalls && performance.now() - start < budget.maxMs)
  ) {
    const t = performance.now();
    await call();
    durations.push(performance.now() - t);
  }
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const procAfter = await readProcessCpu('self');
  const calls = durations.length;
  return {
    firstCallMs,
    calls,
    medianMs: median(durations),
    callsPerSecond: (calls * 1000) / elapsedMs,
    ownCpuMsPerCall: (cpu.user + cpu.system) / 1000 / calls,
    childCpuMsPerCall: ticksToMs(procAfter.waitedChildrenTicks - procBefore.waitedChildrenTicks) / calls,
    childProcessesPerCall: (childProcessesStarted() - startedBefore) / calls,
    machineForksPerCall: ((await readForkCount()) - forksBefore) / calls,
  };
}
