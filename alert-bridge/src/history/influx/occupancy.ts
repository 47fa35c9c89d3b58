import type { InfluxClient } from './client.js';
import { InfluxStoreError } from './errors.js';
import { Parameters, selectNewestTime, selectOccupied } from './queries.js';
import { parseRowTime, type Tags } from './schema.js';
import { millisecondOf, NS_PER_MS, slotOf } from './timestamp.js';

// What the store knows about each (series, millisecond) it writes to: the slots taken and the ids in
// them. Appending needs it to tell a duplicate from a new record and to pick a free slot (append.ts).
//
// Reading it from InfluxDB for every record costs about 80 µs of InfluxDB time per record (one small
// statement each; one statement OR-ing many series is quadratic in InfluxQL's planner), too much for
// 5,000 alerts/s. So this cache knows most of it without reading:
//  - at start, it reads the newest point time in the measurement: the watermark. Every millisecond after
//    it was empty then, and since this store is the only writer, holds exactly what this store wrote
//    since: new alerts (event time about now) need no read at all;
//  - a millisecond at or before the watermark (a repeat_interval reminder of an old alert, a replay) is
//    read once from InfluxDB, then known;
//  - the cache holds at most maxRecords slots; it forgets whole milliseconds, oldest first, and raises the
//    watermark over what it forgot, so what it keeps is always complete;
//  - a slot is reserved as soon as a commit plans to write it, so that commits whose writes overlap never
//    pick the same one; an id counts as stored only once its write succeeded (append.ts tracks the ids
//    being written);
//  - a write that failed may or may not have landed (a timeout): its milliseconds become unknown and are
//    read again before the next use, and its slots stay taken for any other id (a late landing would
//    overwrite that record) but free for a retry of the same record, which then overwrites itself.

export interface Occupancy {
  /** Slot -> the id stored there, being written there, or whose failed write may still land there. */
  readonly slots: Map<number, string>;
  /** The ids known to be stored. */
  readonly ids: Set<string>;
}

/** What the cache needs of a record. */
export interface Placed {
  /** Its tags in the measurement occupancy is read from. */
  readonly tags: Tags;
  readonly series: string;
  /** The first nanosecond of the record's event millisecond. */
  readonly millisecond: bigint;
}

export class OccupancyCache {
  /** millisecond -> series -> occupancy */
  private readonly known = new Map<bigint, Map<string, Occupancy>>();
  private readonly unknown = new Set<string>();
  /** millisecond -> reserved slots whose write has not settled */
  private readonly writing = new Map<bigint, number>();
  private watermark: bigint | undefined;
  private watermarkLoaded = false;
  private size = 0;

  constructor(
    private readonly client: InfluxClient,
    private readonly from: string,
    private readonly maxRecords: number,
  ) {}

  /** Forgets everything (the database was dropped and created again, say). */
  reset(): void {
    this.known.clear();
    this.unknown.clear();
    this.watermarkLoaded = false;
    this.size = 0;
  }

  /** The occupancy of each record's (series, millisecond), reading from InfluxDB only what is not known. */
  async occupancyOf(records: readonly Placed[]): Promise<Occupancy[]> {
    await this.prime();
    const missing = records.filter((r) => this.lookup(r) === undefined);
    if (missing.length > 0) await this.read(missing);
    // After the read every record's entry is there (a write failing meanwhile may have flagged one
    // unknown again: its entry still holds everything InfluxDB and this store know).
    return records.map((r) => this.entry(r.millisecond, r.series));
  }

  /**
   * A slot is being written with an id: other ids must not take it, even if that write fails (it may
   * land late, after a timeout), while the same id may take it again; its millisecond is not forgotten.
   */
  reserve(r: Placed, slot: number, id: string): void {
    const entry = this.entry(r.millisecond, r.series);
    if (!entry.slots.has(slot)) this.size++;
    entry.slots.set(slot, id);
    this.writing.set(r.millisecond, (this.writing.get(r.millisecond) ?? 0) + 1);
  }

  /** The write of these reserved records succeeded: their ids are stored. */
  stored(records: readonly Placed[], ids: readonly string[]): void {
    records.forEach((r, i) => {
      this.release(r);
      this.entry(r.millisecond, r.series).ids.add(ids[i] as string);
    });
    this.evict();
  }

  /** The write of these reserved records failed; it may still have landed (a timeout), so read them again. */
  uncertain(records: readonly Placed[]): void {
    for (const r of records) {
      this.release(r);
      this.unknown.add(unknownKey(r));
    }
  }

  private release(r: Placed): void {
    const count = (this.writing.get(r.millisecond) ?? 1) - 1;
    if (count > 0) this.writing.set(r.millisecond, count);
    else this.writing.delete(r.millisecond);
  }

  private lookup(r: Placed): Occupancy | undefined {
    if (this.unknown.has(unknownKey(r))) return undefined;
    const entry = this.known.get(r.millisecond)?.get(r.series);
    if (entry) return entry;
    if (this.watermark === undefined || r.millisecond > this.watermark) return this.entry(r.millisecond, r.series);
    return undefined;
  }

  private entry(millisecond: bigint, series: string): Occupancy {
    let bySeries = this.known.get(millisecond);
    if (!bySeries) this.known.set(millisecond, (bySeries = new Map()));
    let entry = bySeries.get(series);
    if (!entry) bySeries.set(series, (entry = { slots: new Map(), ids: new Set() }));
    return entry;
  }

  /** Reads the watermark if it is not known yet (at init(), so the first webhook does not wait for it). */
  async prime(): Promise<void> {
    if (this.watermarkLoaded) return;
    const params = new Parameters();
    const [result] = await this.client.query([selectNewestTime(this.from)], params.values);
    const time = result?.[0]?.values[0]?.[0];
    // The newest point's millisecond: records there may share it, so it is not past the watermark.
    this.watermark = time === undefined ? undefined : millisecondOf(parseRowTime(time));
    this.watermarkLoaded = true;
  }

  /**
   * One statement per (series, millisecond): a timeline series holds every alert of its status, so a
   * wider range could read many points to learn about a few.
   */
  private async read(records: readonly Placed[]): Promise<void> {
    const needed = new Map<string, Placed>();
    for (const r of records) needed.set(unknownKey(r), r);
    const params = new Parameters();
    const ranges = [...needed.values()];
    const statements = ranges.map((r) => selectOccupied(this.from, r.tags, { from: r.millisecond, to: r.millisecond + NS_PER_MS }, params));
    const results = await this.client.query(statements, params.values);
    // Every needed (series, millisecond) is now known, empty or not. What InfluxDB answers is added to
    // what the cache knew: points this store wrote are there too, and a failed write never added any.
    for (const r of records) {
      this.unknown.delete(unknownKey(r));
      this.entry(r.millisecond, r.series);
    }
    results.forEach((result, i) => {
      const series = (ranges[i] as Placed).series;
      for (const s of result) {
        const timeColumn = s.columns.indexOf('time');
        const idColumn = s.columns.indexOf('id');
        if (timeColumn < 0 || idColumn < 0) throw new InfluxStoreError('bad_response', 'occupancy without time or id');
        for (const row of s.values) {
          const time = parseRowTime(row[timeColumn]);
          const entry = this.entry(millisecondOf(time), series);
          const id = row[idColumn];
          if (typeof id !== 'string') throw new InfluxStoreError('bad_response', 'occupancy id is not a string');
          const slot = slotOf(time);
          if (!entry.slots.has(slot)) this.size++;
          entry.slots.set(slot, id);
          entry.ids.add(id);
        }
      }
    });
    // No eviction here: the commit being planned needs what was just read (stored() evicts after it).
  }

  /** Forgets the oldest milliseconds down to three quarters of maxRecords slots, keeping what is left complete. */
  private evict(): void {
    if (this.size <= this.maxRecords) return;
    const milliseconds = [...this.known.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const millisecond of milliseconds) {
      // Stop at a millisecond being written: its reserved slots are known nowhere else.
      if (this.size <= (this.maxRecords * 3) / 4 || this.writing.has(millisecond)) break;
      for (const entry of (this.known.get(millisecond) as Map<string, Occupancy>).values()) this.size -= entry.slots.size;
      this.known.delete(millisecond);
      if (this.watermark === undefined || millisecond > this.watermark) this.watermark = millisecond;
    }
  }
}

const unknownKey = (r: Placed): string => `${r.millisecond} ${r.series}`;
