import type { Sample } from './prometheus.js';

export type Resource = 'cpu' | 'memory' | 'disk';
export const RESOURCES: readonly Resource[] = ['cpu', 'memory', 'disk'];

/** Used for a resource of a host that has no `hostwatch:threshold:<resource>_percent` series. */
export const DEFAULT_THRESHOLD_PERCENT = 75;

// Filesystems that say nothing about a host's disks; node_exporter reports them all the same.
const FSTYPES = 'fstype!~"tmpfs|ramfs|overlay|squashfs"';

/**
 * PromQL over node_exporter's metric names, which Hostwatch's exporter shares. Each is aggregated by
 * `instance` so that a host scraped by two jobs is still one host. Recording rules such as
 * `instance:node_cpu_utilisation:rate5m` are not used: their definitions vary between mixins, and
 * these must give the same numbers whether or not a rule file is loaded.
 */
export const HOST_STATUS_QUERIES = {
  /** Job-agnostic: any failing scrape of the instance makes it down. */
  up: 'min by (instance) (up)',
  cpu: '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))',
  memory: 'max by (instance) (100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes))',
  /** The fullest filesystem per instance, keeping its `mountpoint`; empty filesystems (size 0) are skipped. */
  disk: `topk by (instance) (1, 100 * (1 - node_filesystem_avail_bytes{${FSTYPES}} / (node_filesystem_size_bytes{${FSTYPES}} > 0)))`,
  uptime: 'max by (instance) (node_time_seconds - node_boot_time_seconds)',
} as const;

/** Optional per-host thresholds (recording rules written elsewhere); absent series mean the default. */
export const THRESHOLD_QUERIES: Readonly<Record<Resource, string>> = {
  cpu: 'min by (instance) (hostwatch:threshold:cpu_percent)',
  memory: 'min by (instance) (hostwatch:threshold:memory_percent)',
  // The inventory generator's name for it (deploy/src/inventory/thresholds.ts): filesystem, not disk.
  disk: 'min by (instance) (hostwatch:threshold:filesystem_percent)',
};

export interface ResourceUsage {
  /** 0–100; undefined when the host does not report it (down, or an exporter without that collector). */
  readonly percent?: number;
  readonly threshold: number;
  /** percent > threshold. */
  readonly over: boolean;
}

export interface DiskUsage extends ResourceUsage {
  /** The mountpoint of the fullest filesystem. */
  readonly mountpoint?: string;
}

export interface HostStatus {
  /** The `instance` label. */
  readonly instance: string;
  /** False when a scrape of the instance failed (`up == 0`). */
  readonly up: boolean;
  readonly cpu: ResourceUsage;
  readonly memory: ResourceUsage;
  readonly disk: DiskUsage;
  readonly uptimeSeconds?: number;
}

/** The answers to HOST_STATUS_QUERIES and THRESHOLD_QUERIES, evaluated at one instant. */
export type HostStatusSamples = Readonly<Record<keyof typeof HOST_STATUS_QUERIES, readonly Sample[]>> & {
  readonly thresholds: Readonly<Record<Resource, readonly Sample[]>>;
};

/**
 * One status per host, in the order a person should read them (see compareHostStatus). A host is an
 * instance with node metrics, or any instance that is down: a healthy Prometheus or Alertmanager target
 * is not a host, but a target that cannot be scraped is worth showing whatever it is.
 */
export function buildHostStatus(samples: HostStatusSamples): HostStatus[] {
  const up = byInstance(samples.up);
  const cpu = byInstance(samples.cpu);
  const memory = byInstance(samples.memory);
  const disk = new Map(samples.disk.map((s) => [s.labels.instance ?? '', s]));
  const uptime = byInstance(samples.uptime);
  const thresholds = Object.fromEntries(RESOURCES.map((r) => [r, thresholdsByInstance(samples.thresholds[r])])) as Record<
    Resource,
    (instance: string) => number
  >;

  const instances = new Set<string>([...cpu.keys(), ...memory.keys(), ...disk.keys(), ...uptime.keys()]);
  for (const [instance, value] of up) if (value === 0) instances.add(instance);
  instances.delete('');

  const hosts = [...instances].map((instance): HostStatus => {
    const diskSample = disk.get(instance);
    const mountpoint = diskSample?.labels.mountpoint;
    const uptimeSeconds = uptime.get(instance);
    return {
      instance,
      up: up.get(instance) !== 0,
      cpu: usage(cpu.get(instance), thresholds.cpu(instance)),
      memory: usage(memory.get(instance), thresholds.memory(instance)),
      disk: { ...usage(diskSample?.value, thresholds.disk(instance)), ...(mountpoint === undefined ? {} : { mountpoint }) },
      ...(uptimeSeconds === undefined || !Number.isFinite(uptimeSeconds) ? {} : { uptimeSeconds }),
    };
  });
  return hosts.sort(compareHostStatus);
}

/** Down hosts first, then hosts over a threshold (highest usage first), then the rest; ties by name. */
export function compareHostStatus(a: HostStatus, b: HostStatus): number {
  const rank = (h: HostStatus): number => (!h.up ? 0 : highestOver(h) !== undefined ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (rank(a) === 1) {
    const byUsage = (highestOver(b) ?? 0) - (highestOver(a) ?? 0);
    if (byUsage !== 0) return byUsage;
  }
  return compareInstances(a.instance, b.instance);
}

/** The highest percent among the resources over their threshold, or undefined when none is. */
export function highestOver(host: HostStatus): number | undefined {
  const over = RESOURCES.map((r) => host[r]).filter((u) => u.over);
  return over.length === 0 ? undefined : Math.max(...over.map((u) => u.percent ?? 0));
}

/** web2 before web10. */
function compareInstances(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

function byInstance(samples: readonly Sample[]): Map<string, number> {
  return new Map(samples.map((s) => [s.labels.instance ?? '', s.value]));
}

/**
 * A threshold series without an instance label applies to every host that has none of its own.
 * Values that are not a percentage are ignored rather than trusted: a broken rule must not hide a full disk.
 */
function thresholdsByInstance(samples: readonly Sample[]): (instance: string) => number {
  const valid = byInstance(samples.filter((s) => Number.isFinite(s.value) && s.value > 0 && s.value <= 100));
  const fallback = valid.get('') ?? DEFAULT_THRESHOLD_PERCENT;
  return (instance) => valid.get(instance) ?? fallback;
}

/** Rates and clocks can stray a little past 0 or 100 (counter jitter); NaN or ±Inf means no reading. */
function usage(value: number | undefined, threshold: number): ResourceUsage {
  if (value === undefined || !Number.isFinite(value)) return { threshold, over: false };
  const percent = Math.min(100, Math.max(0, value));
  return { percent, threshold, over: percent > threshold };
}
