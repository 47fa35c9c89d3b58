import { readFileSync } from 'node:fs';
import { Gauge, type Registry } from './prom-client-modules.js';

/** Go's procfs reports "unlimited" as the largest uint64; as a float64 that is 2^64. */
const UNLIMITED = 2 ** 64;

/** The soft limit of one row of /proc/self/limits, e.g. "Max address space". */
export function parseSoftLimit(limits: string, name: string): number | undefined {
  const line = limits.split('\n').find((l) => l.startsWith(name));
  const soft = line?.slice(name.length).trim().split(/\s+/)[0];
  if (soft === undefined) return undefined;
  return soft === 'unlimited' ? UNLIMITED : Number(soft);
}

/**
 * client_golang's process collector has `process_virtual_memory_max_bytes` and prom-client's
 * defaults do not; the "Node Exporter Full" dashboard charts it beside the exporter's memory.
 */
export function registerVirtualMemoryMax(registry: Registry): void {
  new Gauge({
    name: 'process_virtual_memory_max_bytes',
    help: 'Maximum amount of virtual memory available in bytes.',
    registers: [registry],
    collect() {
      const value = parseSoftLimit(readFileSync('/proc/self/limits', 'utf8'), 'Max address space');
      if (value !== undefined) this.set(value);
    },
  });
}
