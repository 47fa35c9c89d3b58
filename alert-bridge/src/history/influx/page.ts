import type { NotificationRecord } from '../record.js';
import type { HistoryFilter, HistoryPage } from '../store.js';
import type { InfluxClient, InfluxSeries } from './client.js';
import { decodeCursor, encodeCursor, type CursorPosition } from './cursor.js';
import { Parameters, selectRecords, type TimeRange } from './queries.js';
import { eventNanos, fromRow, storedTagValue, type Tags } from './schema.js';
import { millisecondOf, NS_PER_MS, rfc3339ToNanos } from './timestamp.js';

// A page, newest first by (exact event time, id), with a keyset cursor.
//
// Which measurement (see schema.ts): `notifications` when the filter names an instance (a host's few,
// sparse series), `notifications_by_alertname` when it names an alertname, `notifications_timeline`
// otherwise. On the last two, severity is a field: a filter on the points read, with few values.
//
// Time windows: InfluxDB 1.x pays for every shard and series a query's time range touches, so a page is
// looked for in a window before its upper bound first, then in windows eight times as long, then without
// a lower bound. The first window is an hour; per host (sparse series, each costing about the same
// whatever the window) it is a week, one shard group.
//
// Milliseconds: InfluxDB orders points by point time, which agrees with the page order between
// milliseconds but not inside one (a point's sub-millisecond part is its hash slot, see timestamp.ts).
// So a millisecond is only ever used whole: a query asks for a few more points than the page needs;
// points of the oldest millisecond in its answer, which the LIMIT may have cut, are set aside unless the
// newer ones do not fill the page, and then that millisecond is read completely. The candidates are
// filtered exactly (the cursor's position, since/until at nanosecond precision, exact tag values) and
// sorted. A record appended meanwhile is seen whole or not at all, and the cursor's (time, id) position
// cannot skip or repeat the records that were there.

export const MAX_LIMIT = 1000;
const HOUR = 3_600_000n * NS_PER_MS;
const WEEK = 168n * HOUR;
const LAST_WINDOW = 32n * 86_400_000n * NS_PER_MS;

interface Candidate {
  readonly record: NotificationRecord;
  /** The exact event time. Its millisecond is the point time's (timestamp.ts), so the row's time is not read. */
  readonly time: bigint;
}

export interface Measurements {
  readonly host: string;
  readonly byAlertname: string;
  readonly timeline: string;
}

export async function readPage(
  client: InfluxClient,
  measurements: Measurements,
  filter: HistoryFilter,
  limit: number,
  cursor: string | undefined,
  now = BigInt(Date.now()) * NS_PER_MS,
): Promise<HistoryPage> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new RangeError(`limit must be 1 to ${MAX_LIMIT}, not ${limit}`);
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const since = filter.since === undefined ? undefined : rfc3339ToNanos(filter.since);
  const until = filter.until === undefined ? undefined : rfc3339ToNanos(filter.until);
  const tags: Tags = {
    alertname: filter.alertname === undefined ? undefined : storedTagValue(filter.alertname),
    instance: filter.instance === undefined ? undefined : storedTagValue(filter.instance),
    severity: filter.severity === undefined ? undefined : storedTagValue(filter.severity),
    status: filter.status,
  };
  const from = filter.instance !== undefined ? measurements.host : filter.alertname !== undefined ? measurements.byAlertname : measurements.timeline;
  const keep = (c: Candidate): boolean =>
    (since === undefined || c.time >= since) &&
    (until === undefined || c.time < until) &&
    (after === undefined || follows(c, after)) &&
    (filter.alertname === undefined || c.record.alertname === filter.alertname) &&
    (filter.instance === undefined || c.record.instance === filter.instance) &&
    (filter.severity === undefined || c.record.severity === filter.severity);

  // Point times are whole milliseconds plus a slot, so the bounds widen to whole milliseconds.
  const lowest = since === undefined ? undefined : millisecondOf(since);
  let to = minimum(until === undefined ? undefined : millisecondOf(until - 1n) + NS_PER_MS, after && millisecondOf(after.time) + NS_PER_MS);
  let window: bigint | undefined = filter.instance !== undefined ? WEEK : HOUR;
  const wanted = limit + 1 + Math.min(limit, 100);
  const found: Candidate[] = [];
  for (;;) {
    const windowStart = window === undefined ? undefined : millisecondOf((to ?? now) - window);
    const windowFrom = maximum(lowest, windowStart);
    const rows = await select(client, from, tags, { from: windowFrom, to }, wanted);
    if (rows.length < wanted) {
      found.push(...rows.filter(keep));
      // The whole range is read: done if the page is full or nothing older can match.
      if (found.length > limit || windowFrom === lowest) break;
      to = windowFrom;
      window = window !== undefined && window < LAST_WINDOW ? window * 8n : undefined;
      continue;
    }
    const oldest = millisecondOf((rows.at(-1) as Candidate).time);
    found.push(...rows.filter((r) => r.time >= oldest + NS_PER_MS && keep(r)));
    if (found.length > limit) break;
    const whole = await select(client, from, tags, { from: oldest, to: minimum(to, oldest + NS_PER_MS) }, undefined);
    found.push(...whole.filter(keep));
    if (found.length > limit) break;
    to = oldest;
    if (lowest !== undefined && to <= lowest) break;
  }
  found.sort((a, b) => (follows(a, b) ? 1 : follows(b, a) ? -1 : 0));
  const records = found.slice(0, limit);
  const last = records.at(-1);
  return {
    records: records.map((c) => c.record),
    nextCursor: found.length > limit && last ? encodeCursor({ time: last.time, id: last.record.id }) : null,
  };
}

/** Whether a comes after b in page order (older, or as old with a smaller id). */
const follows = (a: Candidate | CursorPosition, b: Candidate | CursorPosition): boolean => {
  const [ta, ia] = 'record' in a ? [a.time, a.record.id] : [a.time, a.id];
  const [tb, ib] = 'record' in b ? [b.time, b.record.id] : [b.time, b.id];
  return ta < tb || (ta === tb && ia < ib);
};

function minimum(...values: (bigint | undefined)[]): bigint | undefined {
  let min: bigint | undefined;
  for (const value of values) if (value !== undefined && (min === undefined || value < min)) min = value;
  return min;
}

function maximum(...values: (bigint | undefined)[]): bigint | undefined {
  let max: bigint | undefined;
  for (const value of values) if (value !== undefined && (max === undefined || value > max)) max = value;
  return max;
}

async function select(client: InfluxClient, from: string, tags: Tags, range: TimeRange, limit: number | undefined): Promise<Candidate[]> {
  const params = new Parameters();
  const [result] = await client.query([selectRecords(from, tags, range, limit, params)], params.values);
  return (result ?? []).flatMap(candidatesOf);
}

function candidatesOf(series: InfluxSeries): Candidate[] {
  const column = series.columns.indexOf('record');
  return series.values.map((values) => {
    const record = fromRow({ record: values[column] });
    return { record, time: eventNanos(record) };
  });
}
