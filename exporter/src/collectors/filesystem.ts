import { statfs } from 'node:fs/promises';
import type { Logger } from 'pino';
import {
  parseDurationFlag,
  parseRegexFlag,
  registerCollector,
  type Collector,
  type CollectorContext,
} from '../collector.js';
import { procPath, readPseudoFile, rootfsPath, type HostPaths } from '../host-paths.js';
import type { MetricFamily, Sample } from '../metric-family.js';

// Upstream node_exporter's defaults (collector/filesystem_linux.go).
export const DEFAULT_MOUNT_POINTS_EXCLUDE =
  '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';
export const DEFAULT_FS_TYPES_EXCLUDE =
  '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';

export interface Mount {
  readonly device: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly readOnly: boolean;
}

export interface FilesystemStats {
  readonly sizeBytes: number;
  readonly freeBytes: number;
  readonly availBytes: number;
  readonly files: number;
  readonly filesFree: number;
}

export type FilesystemReading = { mount: Mount; stats?: FilesystemStats };

/** fstab(5) escapes space, tab, newline and backslash in octal. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function parseMounts(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mountPoint, fsType, options] = line.split(' ');
    if (!device || !mountPoint || !fsType) continue;
    mounts.push({
      device: unescapeMountField(device),
      mountPoint: unescapeMountField(mountPoint),
      fsType,
      readOnly: (options ?? '').split(',').includes('ro'),
    });
  }
  return mounts;
}

/** Applies the exclusions and keeps one entry per label set, as a mount stacked twice is one series. */
export function selectMounts(mounts: readonly Mount[], excludeMountPoints: RegExp, excludeFsTypes: RegExp): Mount[] {
  const seen = new Set<string>();
  return mounts.filter((mount) => {
    if (excludeMountPoints.test(mount.mountPoint) || excludeFsTypes.test(mount.fsType)) return false;
    const key = `${mount.device}\0${mount.mountPoint}\0${mount.fsType}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const LABEL_NAMES = ['device', 'fstype', 'mountpoint'] as const;

export function filesystemFamilies(readings: readonly FilesystemReading[]): MetricFamily[] {
  const family = (name: string, help: string, samples: Sample[]): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    labelNames: LABEL_NAMES,
    samples,
  });
  // One label set per mount, shared by its seven samples: a host with thousands of mounts renders them
  // all in one scrape, within the heap limit the exporter runs with (BENCHMARKS.md).
  const labelled = readings.map((reading) => ({
    reading,
    labels: { device: reading.mount.device, fstype: reading.mount.fsType, mountpoint: reading.mount.mountPoint },
  }));
  const measured = labelled.flatMap(({ reading, labels }) => (reading.stats ? [{ stats: reading.stats, labels }] : []));
  const each = (pick: (stats: FilesystemStats) => number): Sample[] =>
    measured.map(({ stats, labels }) => ({ labels, value: pick(stats) }));
  return [
    family('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.', each((s) => s.availBytes)),
    family(
      'node_filesystem_device_error',
      'Whether an error occurred while getting statistics for the given device.',
      labelled.map(({ reading, labels }) => ({ labels, value: reading.stats ? 0 : 1 })),
    ),
    family('node_filesystem_files', 'Filesystem total file nodes.', each((s) => s.files)),
    family('node_filesystem_files_free', 'Filesystem total free file nodes.', each((s) => s.filesFree)),
    family('node_filesystem_free_bytes', 'Filesystem free space in bytes.', each((s) => s.freeBytes)),
    family(
      'node_filesystem_readonly',
      'Filesystem read-only status.',
      labelled.map(({ reading, labels }) => ({ labels, value: reading.mount.readOnly ? 1 : 0 })),
    ),
    family('node_filesystem_size_bytes', 'Filesystem size in bytes.', each((s) => s.sizeBytes)),
  ];
}

export type StatfsFunction = (path: string) => Promise<FilesystemStats>;

/** Same arithmetic as node_exporter: blocks times f_bsize. */
export const readStatfs: StatfsFunction = async (path) => {
  const s = await statfs(path);
  return {
    sizeBytes: s.blocks * s.bsize,
    freeBytes: s.bfree * s.bsize,
    availBytes: s.bavail * s.bsize,
    files: s.files,
    filesFree: s.ffree,
  };
};

export interface FilesystemCollectorOptions {
  readonly paths: HostPaths;
  readonly logger: Logger;
  readonly excludeMountPoints: RegExp;
  readonly excludeFsTypes: RegExp;
  readonly mountTimeoutMs: number;
  readonly statfs?: StatfsFunction;
}

export class FilesystemCollector implements Collector {
  /**
   * Mount points whose statfs() outlived the timeout and has not returned yet. Like node_exporter's
   * stuckMounts, they are reported as device errors without a new call, so a hung NFS or FUSE mount
   * costs one blocked thread in total rather than one per scrape, and never hangs a scrape.
   */
  private readonly stuckMounts = new Set<string>();
  private readonly statfs: StatfsFunction;

  constructor(private readonly options: FilesystemCollectorOptions) {
    this.statfs = options.statfs ?? readStatfs;
  }

  async update(): Promise<MetricFamily[]> {
    const mounts = selectMounts(
      parseMounts(this.readMountTable()),
      this.options.excludeMountPoints,
      this.options.excludeFsTypes,
    );
    const readings = await Promise.all(mounts.map((mount) => this.read(mount)));
    return filesystemFamilies(readings);
  }

  /** PID 1's table shows the host's mounts when we run in our own mount namespace. */
  private readMountTable(): string {
    try {
      return readPseudoFile(procPath(this.options.paths, '1/mounts'));
    } catch {
      return readPseudoFile(procPath(this.options.paths, 'self/mounts'));
    }
  }

  private async read(mount: Mount): Promise<FilesystemReading> {
    const { mountPoint } = mount;
    if (this.stuckMounts.has(mountPoint)) return { mount };
    const pending = this.statfs(rootfsPath(this.options.paths, mountPoint));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.mountTimeoutMs);
    });
    try {
      const result = await Promise.race([pending, timedOut]);
      if (result === 'timeout') {
        this.stuckMounts.add(mountPoint);
        this.options.logger.warn({ mountpoint: mountPoint }, 'mount point timed out, it is in an unresponsive state');
        pending.then(
          () => this.recover(mountPoint),
          () => this.recover(mountPoint),
        );
        return { mount };
      }
      return { mount, stats: result };
    } catch (error) {
      this.options.logger.debug({ mountpoint: mountPoint, err: error }, 'statfs failed');
      return { mount };
    } finally {
      clearTimeout(timer);
    }
  }

  private recover(mountPoint: string): void {
    this.stuckMounts.delete(mountPoint);
    this.options.logger.info({ mountpoint: mountPoint }, 'mount point responds again');
  }
}

registerCollector({
  name: 'filesystem',
  defaultEnabled: true,
  flags: [
    {
      name: 'collector.filesystem.mount-points-exclude',
      description: 'Regexp of mount points to exclude for filesystem collector.',
      defaultValue: DEFAULT_MOUNT_POINTS_EXCLUDE,
    },
    {
      name: 'collector.filesystem.fs-types-exclude',
      description: 'Regexp of filesystem types to exclude for filesystem collector.',
      defaultValue: DEFAULT_FS_TYPES_EXCLUDE,
    },
    {
      name: 'collector.filesystem.mount-timeout',
      description: 'How long to wait for a mount to respond before marking it as stale.',
      defaultValue: '5s',
    },
  ],
  create: (context: CollectorContext) =>
    new FilesystemCollector({
      paths: context.paths,
      logger: context.logger,
      excludeMountPoints: parseRegexFlag(context, 'collector.filesystem.mount-points-exclude'),
      excludeFsTypes: parseRegexFlag(context, 'collector.filesystem.fs-types-exclude'),
      mountTimeoutMs: parseDurationFlag(context, 'collector.filesystem.mount-timeout'),
    }),
});
