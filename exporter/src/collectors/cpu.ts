import { registerCollector, type Collector, type CollectorContext } from '../collector.js';
import { procPath, readPseudoFile, type HostPaths } from '../host-paths.js';
import type { MetricFamily, Sample } from '../metric-family.js';

/** The kernel reports /proc/stat in USER_HZ ticks, which is 100 on every Linux ABI (procfs's userHZ). */
const USER_HZ = 100;

const MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

export interface CpuTimes {
  readonly cpu: string;
  /** Seconds per mode, in /proc/stat's column order, then guest and guest_nice. */
  readonly seconds: Record<(typeof MODES)[number] | 'guest' | 'guest_nice', number>;
}

/** Parses the per-CPU `cpuN` lines of /proc/stat; the aggregate `cpu` line is skipped, as node_exporter does. */
export function parseCpuTimes(procStat: string): CpuTimes[] {
  const result: CpuTimes[] = [];
  for (const line of procStat.split('\n')) {
    if (!line.startsWith('cpu') || line.startsWith('cpu ')) continue;
    const [label, ...fields] = line.trim().split(/\s+/);
    const ticks = fields.map(Number);
    const at = (i: number): number => (ticks[i] ?? 0) / USER_HZ;
    result.push({
      cpu: (label as string).slice(3),
      seconds: {
        user: at(0), nice: at(1), system: at(2), idle: at(3), iowait: at(4),
        irq: at(5), softirq: at(6), steal: at(7), guest: at(8), guest_nice: at(9),
      },
    });
  }
  return result;
}

export function cpuFamilies(cpus: readonly CpuTimes[]): MetricFamily[] {
  const seconds: Sample[] = [];
  const guest: Sample[] = [];
  for (const { cpu, seconds: s } of cpus) {
    for (const mode of MODES) seconds.push({ labels: { cpu, mode }, value: s[mode] });
    guest.push({ labels: { cpu, mode: 'nice' }, value: s.guest_nice });
    guest.push({ labels: { cpu, mode: 'user' }, value: s.guest });
  }
  return [
    {
      name: 'node_cpu_seconds_total',
      help: 'Seconds the CPUs spent in each mode.',
      type: 'counter',
      labelNames: ['cpu', 'mode'],
      samples: seconds,
    },
    {
      name: 'node_cpu_guest_seconds_total',
      help: 'Seconds the CPUs spent in guests (VMs) for each mode.',
      type: 'counter',
      labelNames: ['cpu', 'mode'],
      samples: guest,
    },
  ];
}

class CpuCollector implements Collector {
  constructor(private readonly paths: HostPaths) {}

  async update(): Promise<MetricFamily[]> {
    return cpuFamilies(parseCpuTimes(readPseudoFile(procPath(this.paths, 'stat'))));
  }
}

registerCollector({
  name: 'cpu',
  defaultEnabled: true,
  create: (context: CollectorContext) => new CpuCollector(context.paths),
});
