import { readFile } from 'node:fs/promises';

/** /proc/PID/stat counts CPU in USER_HZ ticks, which is 100 on every Linux ABI: 10 ms resolution. */
export const USER_HZ = 100;

export interface ProcessCpu {
  /** utime + stime of the whole process (all threads: GC helpers, libuv pool, Go's Ms). */
  readonly ownTicks: number;
  /** cutime + cstime: children the process has waited for, e.g. every exec() of a shell command. */
  readonly waitedChildrenTicks: number;
}

export function parseProcStat(stat: string): ProcessCpu {
  // The command name (field 2) may contain spaces and parentheses; fields are counted after its ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const field = (n: number): number => fields[n - 3] as number; // n as numbered in proc(5)
  return { ownTicks: field(14) + field(15), waitedChildrenTicks: field(16) + field(17) };
}

export async function readProcessCpu(pid: number | 'self'): Promise<ProcessCpu> {
  return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

export async function readCpuTicks(pid: number): Promise<number> {
  return (await readProcessCpu(pid)).ownTicks;
}

/** Processes created on the whole machine since boot (the `processes` line of /proc/stat). */
export async function readForkCount(): Promise<number> {
  const match = /^processes (\d+)$/m.exec(await readFile('/proc/stat', 'utf8'));
  if (!match) throw new Error('/proc/stat has no processes line');
  return Number(match[1]);
}

export function ticksToMs(ticks: number): number {
  return (ticks * 1000) / USER_HZ;
}

export interface ResidentMemory {
  /** VmRSS, in bytes. */
  readonly rss: number;
  /** RssAnon: heap, stacks, malloc arenas. */
  readonly anon: number;
  /** RssFile: pages of the executable and libraries (for node, mostly its 90 MB binary and ICU data). */
  readonly file: number;
}

export function parseStatusMemory(status: string): ResidentMemory {
  const kib = (key: string): number => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!match) throw new Error(`/proc/PID/status has no ${key}`);
    return Number(match[1]) * 1024;
  };
  return { rss: kib('VmRSS'), anon: kib('RssAnon'), file: kib('RssFile') };
}

export async function readResidentMemory(pid: number): Promise<ResidentMemory> {
  return parseStatusMemory(await readFile(`/proc/${pid}/status`, 'utf8'));
}

export const MIB = 1024 * 1024;

export function toMiB(bytes: number): number {
  return bytes / MIB;
}
