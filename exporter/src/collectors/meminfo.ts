import { registerCollector, type Collector, type CollectorContext } from '../collector.js';
import { procPath, readPseudoFile, type HostPaths } from '../host-paths.js';
import { gauge, type MetricFamily } from '../metric-family.js';

/**
 * Parses /proc/meminfo into node_exporter's metric names (meminfo_linux.go): `Active(anon)` becomes
 * `Active_anon`, fields given in kB become `<name>_bytes`, unitless ones (HugePages_*) keep their name.
 */
export function parseMeminfo(text: string): Map<string, number> {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([^:]+):\s+(\d+)(?:\s+(kB))?\s*$/.exec(line);
    if (!match) continue;
    const key = (match[1] as string).replace('(', '_').replace(')', '');
    const value = Number(match[2]);
    if (match[3] === 'kB') fields.set(`${key}_bytes`, value * 1024);
    else fields.set(key, value);
  }
  if (fields.size === 0) throw new Error('no fields found in meminfo');
  return fields;
}

export function meminfoFamilies(fields: ReadonlyMap<string, number>): MetricFamily[] {
  return [...fields].map(([key, value]) =>
    gauge(`node_memory_${key}`, `Memory information field ${key}.`, value),
  );
}

class MeminfoCollector implements Collector {
  constructor(private readonly paths: HostPaths) {}

  async update(): Promise<MetricFamily[]> {
    return meminfoFamilies(parseMeminfo(readPseudoFile(procPath(this.paths, 'meminfo'))));
  }
}

registerCollector({
  name: 'meminfo',
  defaultEnabled: true,
  create: (context: CollectorContext) => new MeminfoCollector(context.paths),
});
