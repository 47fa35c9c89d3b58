import type { InfluxClient } from './client.js';
import { InfluxStoreError } from './errors.js';
import { Parameters, selectNewestTime, selectOccupied } from './queries.js';
import { parseRowTime, seriesKey, type TagKey } from './schema.js';
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
//  - the cache holds at most maxRecords ids; it forgets whole milliseconds, oldest first, and raises the
//    watermark over what it forgot, so what it keeps is always complete;
//  - a write that failed may or may not have landed (a timeout): its milliseconds become unknown and are
//    read again before the next use.

export interface Occupancy {
  readonly slots: Set<number>;
  readonly ids: Set<string>;
}

/** What the cache needs of a record. */
export interface Placed {
  readonly tags: Readonly<Record<TagKey, string>>;
  readonly series: string;
  /** The first nanosecond of the record's event millisecond. */
  readonly millisecond: bigint;
}

export class OccupancyCache {
  /** millisecond -> series -> occupancy */
  private readonly known = new Map<bigint, Map<string, Occupancy>>();
  private readonly unknown = new Set<string>();
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
    if (!this.watermarkLoaded) await this.loadWatermark();
    const missing = records.filter((r) => this.lookup(r) === undefined);
    if (missing.length > 0) await this.read(missing);
    return records.map((r) => this.lookup(r) ?? this.entry(r.millisecond, r.series));
  }

  /** Records that a write containing these records' points succeeded. */
  stored(records: readonly Placed[], ids: readonly string[], slots: readonly number[]): void {
    records.forEach((r, i) => {
      const entry = this.entry(r.millisecond, r.series);
      entry.slots.add(slots[i] as number);
      if (!entry.ids.has(ids[i] as string)) this.size++;
      entry.ids.add(ids[i] as string);
    });
    this.evict();
  }

  /** A write failed: it may still have landed, so these (series, millisecond) must be read again. */
  uncertain(records: readonly Placed[]): void {
    for (const r of records) this.unknown.add(unknownKey(r));
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
    if (!entry) bySeries.set(series, (entry = { slots: new Set(), ids: new Set() }));
    return entry;
  }

  private async loadWatermark(): Promise<void> {
    const params = new Parameters();
    const [result] = await this.client.query([selectNewestTime(this.from)], params.values);
    const time = result?.[0]?.values[0]?.[0];
    // The newest point's millisecond: records there may share it, so it is not past the watermark.
    this.watermark = time === undefined ? undefined : millisecondOf(parseRowTime(time));
    this.watermarkLoaded = true;
  }

  /** One statement per series, over the milliseconds its records need. */
  private async read(records: readonly Placed[]): Promise<void> {
    const bySeries = new Map<string, { tags: Readonly<Record<TagKey, string>>; first: bigint; last: bigint }>();
    for (const r of records) {
      const range = bySeries.get(r.series);
      if (!range) bySeries.set(r.series, { tags: r.tags, first: r.millisecond, last: r.millisecond });
      else {
        if (r.millisecond < range.first) range.first = r.millisecond;
        if (r.millisecond > range.last) range.last = r.millisecond;
      }
    }
    const params = new Parameters();
    const ranges = [...bySeries.values()];
    const statements = ranges.map((s) => selectOccupied(this.from, s.tags, { from: s.first, to: s.last + NS_PER_MS }, params));
    const results = await this.client.query(statements, params.values);
    // Every needed (series, millisecond) is now known, empty or not. What InfluxDB answers is added to
    // what the cache knew: points this store wrote are there too, and a failed write never added any.
    for (const r of records) {
      this.unknown.delete(unknownKey(r));
      this.entry(r.millisecond, r.series);
    }
    results.forEach((result, i) => {
      const series = seriesKey((ranges[i] as { tags: Readonly<Record<TagKey, string>> }).tags);
      for (const s of result) {
        const timeColumn = s.columns.indexOf('time');
        const idColumn = s.columns.indexOf('id');
        if (timeColumn < 0 || idColumn < 0) throw new InfluxStoreError('bad_response', 'occupancy without time or id');
        for (const row of s.values) {
          const time = parseRowTime(row[timeColumn]);
          const entry = this.entry(millisecondOf(time), series);
          entry.slots.add(slotOf(time));
          if (typeof row[idColumn] === 'string' && !entry.ids.has(row[idColumn])) {
            entry.ids.add(row[idColumn]);
            this.size++;
          }
        }
      }
    });
    this.evict();
  }

  /** Forgets the oldest milliseconds down to three quarters of maxRecords, keeping what is left complete. */
  private evict(): void {
    if (this.size <= this.maxRecords) return;
    const milliseconds = [...this.known.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const millisecond of milliseconds) {
      if (this.size <= (this.maxRecords * 3) / 4) break;
      for (const entry of (this.known.get(millisecond) as Map<string, Occupancy>).values()) this.size -= entry.ids.size;
      this.known.delete(millisecond);
      if (this.watermark === undefined || millisecond > this.watermark) this.watermark = millisecond;
    }
  }
}

const unknownKey = (r: Placed): string => `${r.millisecond} ${r.series}`;
