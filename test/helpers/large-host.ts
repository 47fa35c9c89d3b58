import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface HostPaths {
  readonly procfs: string;
  readonly sysfs: string;
  readonly rootfs: string;
}

/** The flags that point our exporter at a host written by writeLargeHost. */
export const hostPathFlags = (host: HostPaths): string[] => [
  `--path.procfs=${host.procfs}`,
  `--path.sysfs=${host.sysfs}`,
  `--path.rootfs=${host.rootfs}`,
];

/**
 * procfs, sysfs and a root filesystem under `root` for a host with `cpus` CPUs and `filesystems`
 * mounted disks (each a directory, so statfs() answers): the series count of a large server without
 * needing one. Memory comes from this machine's /proc/meminfo.
 */
export async function writeLargeHost(root: string, cpus: number, filesystems: number): Promise<HostPaths> {
  const procfs = path.join(root, 'proc');
  const sysfs = path.join(root, 'sys');
  const rootfs = path.join(root, 'rootfs');
  const clocksource = path.join(sysfs, 'devices/system/clocksource/clocksource0');
  await mkdir(path.join(procfs, '1'), { recursive: true });
  await mkdir(path.join(procfs, 'sys/kernel'), { recursive: true });
  await mkdir(clocksource, { recursive: true });
  const cpuLine = (name: string) => `${name} 4705 356 584 3699176 23060 0 1277 0 0 0`;
  const stat = [cpuLine('cpu'), ...Array.from({ length: cpus }, (_, i) => cpuLine(`cpu${i}`))];
  stat.push('intr 1', 'ctxt 2', 'btime 1700000000', 'processes 3', 'procs_running 1', 'procs_blocked 0');
  await writeFile(path.join(procfs, 'stat'), `${stat.join('\n')}\n`);
  await writeFile(path.join(procfs, 'meminfo'), readFileSync('/proc/meminfo'));
  await writeFile(path.join(procfs, 'loadavg'), '0.10 0.20 0.30 1/100 1000\n');
  await writeFile(path.join(procfs, 'sys/kernel/domainname'), '(none)\n');
  await writeFile(path.join(clocksource, 'available_clocksource'), 'tsc hpet acpi_pm\n');
  await writeFile(path.join(clocksource, 'current_clocksource'), 'tsc\n');
  const mounts = ['/dev/root / ext4 rw,relatime 0 0'];
  for (let i = 0; i < filesystems; i++) {
    const mountPoint = `/data/disk${String(i).padStart(5, '0')}`;
    await mkdir(path.join(rootfs, mountPoint), { recursive: true });
    mounts.push(`/dev/sd${i} ${mountPoint} ext4 rw,relatime 0 0`);
  }
  await writeFile(path.join(procfs, '1/mounts'), `${mounts.join('\n')}\n`);
  return { procfs, sysfs, rootfs };
}
