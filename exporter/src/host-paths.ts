import { readFileSync, readdirSync } from 'node:fs';
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

/**
 * Reads a procfs or sysfs pseudo-file. These are generated from kernel memory and never wait on a disk
 * or the network, so a synchronous read (~15 µs) is cheaper than fs/promises' open/fstat/read/close
 * round trips through the thread pool (~85 µs against ~520 µs of CPU for one scrape's six files, see
 * BENCHMARKS.md). Anything that can hang, such as statfs() on a network mount, stays asynchronous.
 */
export function readPseudoFile(file: string): string {
  return readFileSync(file, 'utf8');
}

export function listPseudoDirectory(dir: string): string[] {
  return readdirSync(dir);
}
