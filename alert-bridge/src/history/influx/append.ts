import type { NotificationRecord } from '../record.js';
import type { AppendResult } from '../store.js';
import { InfluxStoreError } from './errors.js';
import type { Outcome } from './group-commit.js';
import { formatLine } from './line-protocol.js';
import type { Occupancy, OccupancyCache, Placed } from './occupancy.js';
import { eventNanos, recordTags, seriesKey, toPoint } from './schema.js';
import { firstSlot, millisecondOf, nextSlot } from './timestamp.js';

// One commit (a group of callers' appends, see GroupCommit):
//  1. learn the slots and ids already in each (series, millisecond) the records fall in (occupancy.ts);
//  2. a record whose id is there (or earlier in the commit) is a duplicate and is not written again, so
//     the first copy stays as it was (a repeat_interval reminder does not rewrite receivedAt);
//  3. every other record takes the first free slot from its hash (timestamp.ts);
//  4. one write; every caller settles after InfluxDB's 204.
// Commits run one at a time, so each sees what the previous ones wrote.

/** A record with everything the commit needs, computed (and validated) before it joins a commit. */
export interface PreparedRecord extends Placed {
  readonly record: NotificationRecord;
  readonly firstSlot: number;
  /** The record's line at its first slot: the line written unless that slot is taken. */
  readonly line: string;
}

/** Throws (a RangeError) for this caller alone when a record cannot be stored: a time InfluxDB cannot hold. */
export function prepare(record: NotificationRecord): PreparedRecord {
  const tags = recordTags(record);
  const slot = firstSlot(record.id);
  return {
    record,
    tags,
    series: seriesKey(tags),
    millisecond: millisecondOf(eventNanos(record)),
    firstSlot: slot,
    line: formatLine(toPoint(record, slot)),
  };
}

interface Assignment {
  readonly lines: string[][];
  readonly results: AppendResult[];
  /** The records to be written, with their slots, for the cache. */
  readonly written: { records: PreparedRecord[]; slots: number[] };
}

/** Decides, for each job (one caller's records), which records are new and the slot each takes. */
export function assignSlots(jobs: readonly (readonly PreparedRecord[])[], occupancy: readonly Occupancy[]): Assignment {
  const assignment: Assignment = { lines: [], results: [], written: { records: [], slots: [] } };
  // The occupancy entries are the cache's own; a working copy keeps a failed write from marking slots.
  const pending = new Map<Occupancy, Occupancy>();
  let index = 0;
  for (const job of jobs) {
    const lines: string[] = [];
    for (const prepared of job) {
      const known = occupancy[index++] as Occupancy;
      let entry = pending.get(known);
      if (!entry) pending.set(known, (entry = { slots: new Set(known.slots), ids: new Set(known.ids) }));
      if (entry.ids.has(prepared.record.id)) continue;
      let slot = prepared.firstSlot;
      while (entry.slots.has(slot)) slot = nextSlot(slot);
      entry.slots.add(slot);
      entry.ids.add(prepared.record.id);
      lines.push(slot === prepared.firstSlot ? prepared.line : formatLine(toPoint(prepared.record, slot)));
      assignment.written.records.push(prepared);
      assignment.written.slots.push(slot);
    }
    assignment.lines.push(lines);
    assignment.results.push({ inserted: lines.length, duplicates: job.length - lines.length });
  }
  return assignment;
}

/** Steps 1 to 4 for a group of jobs; one outcome per job. */
export async function commitJobs(
  cache: OccupancyCache,
  write: (lines: readonly string[]) => Promise<void>,
  jobs: readonly (readonly PreparedRecord[])[],
): Promise<Outcome<AppendResult>[]> {
  const records = jobs.flat();
  const occupancy = await cache.occupancyOf(records);
  const { lines, results, written } = assignSlots(jobs, occupancy);
  const all = lines.flat();
  try {
    if (all.length > 0) await write(all);
  } catch (error) {
    cache.uncertain(written.records);
    // InfluxDB refused the batch for good (a 4xx): write each job on its own, so that one caller's bad
    // record fails that caller only. Their slots were chosen together, so they still do not collide.
    if (!(error instanceof InfluxStoreError) || error.transient || jobs.length === 1) throw error;
    return writeSeparately(cache, write, lines, results, written);
  }
  cache.stored(written.records, written.records.map((p) => p.record.id), written.slots);
  return results.map((value) => ({ ok: true, value }));
}

async function writeSeparately(
  cache: OccupancyCache,
  write: (lines: readonly string[]) => Promise<void>,
  lines: readonly (readonly string[])[],
  results: readonly AppendResult[],
  written: Assignment['written'],
): Promise<Outcome<AppendResult>[]> {
  const outcomes: Outcome<AppendResult>[] = [];
  let offset = 0;
  for (const [i, jobLines] of lines.entries()) {
    const records = written.records.slice(offset, offset + jobLines.length);
    const slots = written.slots.slice(offset, offset + jobLines.length);
    offset += jobLines.length;
    try {
      if (jobLines.length > 0) await write(jobLines);
      cache.stored(records, records.map((p) => p.record.id), slots);
      outcomes.push({ ok: true, value: results[i] as AppendResult });
    } catch (error) {
      cache.uncertain(records);
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
