import type { NotificationRecord } from '../record.js';
import type { AppendResult } from '../store.js';
import { InfluxStoreError } from './errors.js';
import type { Outcome } from './group-commit.js';
import { formatLines } from './line-protocol.js';
import type { OccupancyCache, Placed } from './occupancy.js';
import { eventNanos, recordTags, seriesKey, timelineTags, toPoints } from './schema.js';
import { firstSlot, millisecondOf, nextSlot } from './timestamp.js';

// One commit (a group of callers' appends, see GroupCommit), planned, then executed:
//  plan (one at a time): learn the slots and ids in each (series, millisecond) the records fall in
//    (occupancy.ts). A record whose id is stored, or being written by an earlier job, is a duplicate and
//    is not written again, so the first copy stays as it was (a repeat_interval reminder does not
//    rewrite receivedAt). Every other record reserves the first free slot from its hash (timestamp.ts).
//  execute (a few at once): one write; then each job settles, a job with duplicates of records that
//    were still being written only once that write succeeded (if it failed, so does the job: nothing it
//    acknowledges may be missing).

/** A record with everything the commit needs, computed (and validated) before it joins a commit. */
export interface PreparedRecord extends Placed {
  readonly record: NotificationRecord;
  readonly firstSlot: number;
  /** The record's two lines at its first slot: what is written unless that slot is taken. */
  readonly lines: string;
}

/** Throws (a RangeError) for this caller alone when a record cannot be stored: a time InfluxDB cannot hold. */
export function prepare(record: NotificationRecord): PreparedRecord {
  // Slots are taken per timeline series (status): unique there, a time is unique in the per-host
  // series too, and both points of a record share it.
  const tags = timelineTags(recordTags(record));
  const slot = firstSlot(record.id);
  return {
    record,
    tags,
    series: seriesKey(tags),
    millisecond: millisecondOf(eventNanos(record)),
    firstSlot: slot,
    lines: linesAt(record, slot),
  };
}

const linesAt = (record: NotificationRecord, slot: number): string => formatLines(toPoints(record, slot));

interface JobPlan {
  readonly lines: string[];
  /** The records this job writes, in the order of lines. */
  readonly written: PreparedRecord[];
  readonly result: AppendResult;
  /** Writes of earlier jobs this job's duplicates rely on. */
  readonly relies: Promise<void>[];
  readonly done: Deferred;
}

export type CommitPlan = readonly JobPlan[];

/** The ids being written, by the job writing them. */
export type IdsInFlight = Map<string, Promise<void>>;

export async function planCommit(cache: OccupancyCache, inFlight: IdsInFlight, jobs: readonly (readonly PreparedRecord[])[]): Promise<CommitPlan> {
  const occupancy = await cache.occupancyOf(jobs.flat());
  let index = 0;
  return jobs.map((job) => {
    const plan: JobPlan = { lines: [], written: [], result: { inserted: 0, duplicates: 0, insertedIds: [] }, relies: [], done: deferred() };
    for (const prepared of job) {
      const entry = occupancy[index++] as (typeof occupancy)[number];
      const id = prepared.record.id;
      if (entry.ids.has(id)) continue;
      const writing = inFlight.get(id);
      if (writing) {
        plan.relies.push(writing);
        continue;
      }
      let slot = prepared.firstSlot;
      // A slot is free, or held for this very id by an earlier write that failed (see occupancy.ts).
      while ((entry.slots.get(slot) ?? id) !== id) slot = nextSlot(slot);
      cache.reserve(prepared, slot, id);
      inFlight.set(id, plan.done.promise);
      plan.lines.push(slot === prepared.firstSlot ? prepared.lines : linesAt(prepared.record, slot));
      plan.written.push(prepared);
    }
    const insertedIds = plan.written.map((p) => p.record.id);
    return { ...plan, result: { inserted: insertedIds.length, duplicates: job.length - insertedIds.length, insertedIds } };
  });
}

export async function executeCommit(
  cache: OccupancyCache,
  inFlight: IdsInFlight,
  write: (lines: readonly string[]) => Promise<void>,
  plan: CommitPlan,
): Promise<Outcome<AppendResult>[]> {
  const settle = (job: JobPlan, error?: unknown): void => {
    for (const p of job.written) if (inFlight.get(p.record.id) === job.done.promise) inFlight.delete(p.record.id);
    if (error === undefined) {
      cache.stored(job.written, job.written.map((p) => p.record.id));
      job.done.resolve();
    } else {
      cache.uncertain(job.written);
      job.done.reject(error);
    }
  };
  try {
    const lines = plan.flatMap((job) => job.lines);
    if (lines.length > 0) await write(lines);
    plan.forEach((job) => settle(job));
  } catch (error) {
    // InfluxDB refused the batch for good (a 4xx): write each job on its own, so that one caller's bad
    // record fails that caller only. Their slots were reserved together, so they still do not collide.
    const separately = error instanceof InfluxStoreError && !error.transient && plan.length > 1;
    for (const job of plan) {
      if (!separately) settle(job, error);
      else await write(job.lines).then(() => settle(job), (jobError: unknown) => settle(job, jobError));
    }
  }
  return Promise.all(
    plan.map(async (job): Promise<Outcome<AppendResult>> => {
      try {
        await job.done.promise;
        await Promise.all(job.relies);
        return { ok: true, value: job.result };
      } catch (error) {
        return { ok: false, error };
      }
    }),
  );
}

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {}); // observed through Outcome; no job may be left with an unhandled rejection
  return { promise, resolve, reject };
}
