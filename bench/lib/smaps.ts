import { readFile } from 'node:fs/promises';

export interface MappingRss {
  /** The mapped file, or [heap], [stack], or [anonymous] for unnamed mappings (V8's heap lives there). */
  readonly mapping: string;
  readonly rss: number;
}

const HEADER = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/;

/** Sums Rss per mapping name in /proc/PID/smaps, largest first. */
export function parseSmaps(text: string): MappingRss[] {
  const byMapping = new Map<string, number>();
  let current = '[anonymous]';
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      current = header[1] || '[anonymous]';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB$/.exec(line);
    if (rss) byMapping.set(current, (byMapping.get(current) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...byMapping].map(([mapping, rss]) => ({ mapping, rss })).sort((a, b) => b.rss - a.rss);
}

export async function readSmaps(pid: number): Promise<MappingRss[]> {
  return parseSmaps(await readFile(`/proc/${pid}/smaps`, 'utf8'));
}
