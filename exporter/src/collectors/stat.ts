import { registerCollector, type Collector, type CollectorContext } from '../collector.js';
import { procPath, readPseudoFile, type HostPaths } from '../host-paths.js';
import { counter, gauge, type MetricFamily } from '../metric-family.js';

export interface KernelStats {
  readonly bootTime: number;
  readonly contextSwitches: number;
  readonly forks: number;
  readonly interrupts: number;
  readonly procsRunning: number;
  readonly procsBlocked: number;
}

/** Parses the system-wide counters of /proc/stat (node_exporter's stat_linux.go). */
export function parseKernelStats(procStat: string): KernelStats {
  const fields = new Map<string, number>();
  for (const line of procStat.split('\n')) {
    const [key, first] = line.split(/\s+/, 2);
    if (key && first !== undefined && !key.startsWith('cpu')) fields.set(key, Number(first));
  }
  const field = (key: string): number => {
    const value = fields.get(key);
    if (value === undefined || Number.isNaN(value)) throw new Error(`/proc/stat has no "${key}" line`);
    return value;
  };
  return {
    bootTime: field('btime'),
    contextSwitches: field('ctxt'),
    forks: field('processes'),
    interrupts: field('intr'),
    procsRunning: field('procs_running'),
    procsBlocked: field('procs_blocked'),
  };
}

export function kernelStatFamilies(stats: KernelStats): MetricFamily[] {
  return [
    gauge('node_boot_time_seconds', 'Node boot time, in unixtime.', stats.bootTime),
    counter('node_context_switches_total', 'Total number of context switches.', stats.contextSwitches),
    counter('node_forks_total', 'Total number of forks.', stats.forks),
    counter('node_intr_total', 'Total number of interrupts serviced.', stats.interrupts),
    gauge('node_procs_blocked', 'Number of processes blocked waiting for I/O to complete.', stats.procsBlocked),
    gauge('node_procs_running', 'Number of processes in runnable state.', stats.procsRunning),
  ];
}

class StatCollector implements Collector {
  constructor(private readonly paths: HostPaths) {}

  async update(): Promise<MetricFamily[]> {
    return kernelStatFamilies(parseKernelStats(readPseudoFile(procPath(this.paths, 'stat'))));
  }
}

registerCollector({
  name: 'stat',
  defaultEnabled: true,
  create: (context: CollectorContext) => new StatCollector(context.paths),
});
