import type { Collector } from '../../exporter/src/collector.js';
import { measureCalls, type CallBudget, type CallCost } from './call-cost.js';
import { installChildProcessCounter } from './child-process-counter.js';
import { createSharedCollectors } from './our-collectors.js';

type Systeminformation = typeof import('systeminformation');

/** The same information read two ways: our collectors' update() and systeminformation's call. */
interface Pairing {
  readonly what: string;
  readonly collectors: readonly string[];
  readonly systeminformation: string;
  readonly call: (si: Systeminformation) => unknown;
}

const PAIRINGS: readonly Pairing[] = [
  { what: 'memory', collectors: ['meminfo'], systeminformation: 'si.mem()', call: (si) => si.mem() },
  {
    what: 'CPU times and load',
    collectors: ['cpu', 'stat', 'loadavg'],
    systeminformation: 'si.currentLoad()',
    call: (si) => si.currentLoad(),
  },
  { what: 'filesystems', collectors: ['filesystem'], systeminformation: 'si.fsSize()', call: (si) => si.fsSize() },
  { what: 'kernel and host names', collectors: ['uname'], systeminformation: 'si.osInfo()', call: (si) => si.osInfo() },
  { what: 'time', collectors: ['time'], systeminformation: 'si.time()', call: (si) => si.time() },
  { what: 'CPU model (no shared collector)', collectors: [], systeminformation: 'si.cpu()', call: (si) => si.cpu() },
  {
    what: 'one whole scrape',
    collectors: ['cpu', 'filesystem', 'loadavg', 'meminfo', 'stat', 'time', 'uname'],
    systeminformation: 'mem + currentLoad + fsSize + osInfo + time, in parallel',
    call: (si) => Promise.all([si.mem(), si.currentLoad(), si.fsSize(), si.osInfo(), si.time()]),
  },
];

export interface PairingCost {
  readonly what: string;
  readonly collectors: readonly string[];
  readonly systeminformation: string;
  readonly ours?: CallCost;
  readonly theirs: CallCost;
}

export interface ComparisonBudgets {
  readonly collectors: CallBudget;
  readonly systeminformation: CallBudget;
}

function updateAll(collectors: readonly Collector[]): Promise<unknown> {
  return Promise.all(collectors.map((c) => c.update()));
}

/**
 * In this process, one pairing at a time: what our collectors' update() costs against the
 * systeminformation calls that would give the same data.
 */
export async function compareWithSysteminformation(
  budgets: ComparisonBudgets,
  progress: (message: string) => void,
): Promise<PairingCost[]> {
  installChildProcessCounter();
  const si = ((await import('systeminformation')) as { default: Systeminformation }).default;
  const collectors = createSharedCollectors();
  const results: PairingCost[] = [];
  for (const pairing of PAIRINGS) {
    progress(`systeminformation: ${pairing.what}`);
    const ours = pairing.collectors.map((name) => {
      const collector = collectors.get(name);
      if (!collector) throw new Error(`no ${name} collector`);
      return collector;
    });
    results.push({
      what: pairing.what,
      collectors: pairing.collectors,
      systeminformation: pairing.systeminformation,
      ...(ours.length > 0 ? { ours: await measureCalls(() => updateAll(ours), budgets.collectors) } : {}),
      theirs: await measureCalls(() => pairing.call(si), budgets.systeminformation),
    });
  }
  return results;
}
