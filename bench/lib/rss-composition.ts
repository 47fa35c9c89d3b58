import type { OutgoingHttpHeaders } from 'node:http';
import { waitFor } from '../../test/helpers/processes.js';
import { launchHostwatch, shippedNodeFlags, type ExporterUnderTest } from './exporter-under-test.js';
import { readResidentMemory, type ResidentMemory } from './proc-stats.js';
import { sharedExporterFlags } from './session.js';
import { readSmaps, type MappingRss } from './smaps.js';

const PROBE = new URL('./memory-probe.mjs', import.meta.url).href;
const PROBE_PREFIX = 'hostwatch-memory-probe ';

export interface HeapSpace {
  readonly name: string;
  readonly size: number;
  readonly used: number;
  readonly physical: number;
}

export interface HeapSnapshot {
  readonly usage: NodeJS.MemoryUsage;
  readonly spaces: readonly HeapSpace[];
  readonly code: { readonly code_and_metadata_size: number; readonly bytecode_and_metadata_size: number };
}

/** Our exporter's memory after some number of scrapes, before and after a full GC. */
export interface MemoryCheckpoint {
  readonly scrapes: number;
  readonly resident: ResidentMemory;
  readonly residentAfterGc: ResidentMemory;
  readonly heap: HeapSnapshot;
  readonly heapAfterGc: HeapSnapshot;
  readonly mappings: readonly MappingRss[];
}

export interface RssComposition {
  readonly idle: ResidentMemory;
  readonly checkpoints: readonly MemoryCheckpoint[];
}

/** Asks memory-probe.mjs for V8's figures; it answers on stderr, once per signal. */
async function probe(target: ExporterUnderTest, answersSoFar: number): Promise<{ before: HeapSnapshot; after: HeapSnapshot }> {
  target.process.child.kill('SIGUSR2');
  const answers = await waitFor('the memory probe', async () => {
    const lines = target.process.output().split('\n').filter((l) => l.startsWith(PROBE_PREFIX));
    return lines.length > answersSoFar ? lines : undefined;
  });
  return JSON.parse((answers[answersSoFar] as string).slice(PROBE_PREFIX.length)) as { before: HeapSnapshot; after: HeapSnapshot };
}

/**
 * Runs our exporter alone, under its shipped flags, with memory-probe.mjs preloaded and, at each
 * checkpoint (scrapes served), splits its RSS three ways: by mapping (/proc/PID/smaps), by V8 heap
 * space before and after a full GC, and by /proc's anonymous/file split. Live heap after GC that keeps rising between
 * checkpoints would be a leak; RSS rising while it stays flat is V8 letting its heap grow.
 */
export async function measureRssComposition(checkpoints: readonly number[], headers: OutgoingHttpHeaders): Promise<RssComposition> {
  const ours = await launchHostwatch([...shippedNodeFlags(), '--expose-gc', `--import=${PROBE}`], {
    exporterFlags: sharedExporterFlags(true),
    memoryEvery: Number.MAX_SAFE_INTEGER,
  });
  try {
    const idle = await readResidentMemory(ours.pid);
    const results: MemoryCheckpoint[] = [];
    let served = 0;
    for (const scrapes of checkpoints) {
      for (; served < scrapes; served += 1) await ours.scrape(headers);
      const resident = await readResidentMemory(ours.pid);
      const mappings = await readSmaps(ours.pid);
      const heap = await probe(ours, results.length);
      const residentAfterGc = await readResidentMemory(ours.pid);
      results.push({ scrapes, resident, residentAfterGc, heap: heap.before, heapAfterGc: heap.after, mappings });
    }
    return { idle, checkpoints: results };
  } finally {
    await ours.stop();
  }
}
