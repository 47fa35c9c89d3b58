import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where the host's pseudo-filesystems are mounted. Like node_exporter's --path.* flags, these let
 * the exporter run in a container with the host's /proc and /sys bound elsewhere, and let tests
 * point the collectors at recorded fixtures.
 */
export interface HostPaths {
  readonly procfs: string;
  readonly sysfs: string;
  readonly rootfs: string;
}

export const defaultHostPaths: HostPaths = { procfs: '/proc', sysfs: '/sys', rootfs: '/' };

export function procPath(paths: HostPaths, ...parts: string[]): string {
  return path.join(paths.procfs, ...parts);
}

export function sysPath(paths: HostPaths, ...parts: string[]): string {
  return path.join(paths.sysfs, ...parts);
}

/** Maps a mount point seen in /proc/1/mounts to where it is reachable from this process. */
export function rootfsPath(paths: HostPaths, mountPoint: string): string {
  return paths.rootfs === '/' ? mountPoint : path.join(paths.rootfs, mountPoint);
}

export function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
