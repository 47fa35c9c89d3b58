import { registerCollector, type Collector, type CollectorContext } from '../collector.js';
import { procPath, readPseudoFile, type HostPaths } from '../host-paths.js';
import { gauge, type MetricFamily } from '../metric-family.js';

/** Parses the first three fields of /proc/loadavg (node_exporter's loadavg_linux.go). */
export function parseLoadavg(text: string): [number, number, number] {
  const parts = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (parts.length < 3 || parts.some(Number.isNaN)) throw new Error(`unexpected /proc/loadavg content: ${text}`);
  return parts as [number, number, number];
}

export function loadavgFamilies([load1, load5, load15]: readonly [number, number, number]): MetricFamily[] {
  return [
    gauge('node_load1', '1m load average.', load1),
    gauge('node_load5', '5m load average.', load5),
    gauge('node_load15', '15m load average.', load15),
  ];
}

class LoadavgCollector implements Collector {
  constructor(private readonly paths: HostPaths) {}

  async update(): Promise<MetricFamily[]> {
    return loadavgFamilies(parseLoadavg(readPseudoFile(procPath(this.paths, 'loadavg'))));
  }
}

registerCollector({
  name: 'loadavg',
  defaultEnabled: true,
  create: (context: CollectorContext) => new LoadavgCollector(context.paths),
});
