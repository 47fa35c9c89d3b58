import type { NotificationRecord } from '../../src/history/record.js';
import { eventTime, InvalidCursorError, type AppendResult, type HistoryFilter, type HistoryPage, type HistoryStore } from '../../src/history/store.js';
import { newestFirst, rfc3339Nanos } from './records.js';

/**
 * The simplest store that meets the contract, kept beside it so that the contract itself is tested
 * (reference.test.ts): a failing contract test on a real store then points at the store, not the test.
 */
export class ReferenceHistoryStore implements HistoryStore {
  private readonly records = new Map<string, NotificationRecord>();

  async init(): Promise<void> {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}

  async append(records: readonly NotificationRecord[]): Promise<AppendResult> {
    const insertedIds: string[] = [];
    for (const record of records) {
      if (this.records.has(record.id)) continue;
      this.records.set(record.id, structuredClone(record));
      insertedIds.push(record.id);
    }
    return { inserted: insertedIds.length, duplicates: records.length - insertedIds.length, insertedIds };
  }

  async query(filter: HistoryFilter, limit: number, cursor?: string): Promise<HistoryPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be 1 to 1000, not ${limit}`);
    const after = cursor === undefined ? undefined : decode(cursor);
    const since = filter.since === undefined ? undefined : rfc3339Nanos(filter.since);
    const until = filter.until === undefined ? undefined : rfc3339Nanos(filter.until);
    const matching = [...this.records.values()]
      .filter((r) => {
        const time = rfc3339Nanos(eventTime(r));
        return (
          (filter.alertname === undefined || r.alertname === filter.alertname) &&
          (filter.instance === undefined || r.instance === filter.instance) &&
          (filter.severity === undefined || r.severity === filter.severity) &&
          (filter.status === undefined || r.status === filter.status) &&
          (since === undefined || time >= since) &&
          (until === undefined || time < until) &&
          (after === undefined || time < after.time || (time === after.time && r.id < after.id))
        );
      })
      .sort(newestFirst);
    const records = matching.slice(0, limit).map((r) => structuredClone(r));
    const last = records.at(-1);
    const more = matching.length > limit && last !== undefined;
    return { records, nextCursor: more ? encode(rfc3339Nanos(eventTime(last)), last.id) : null };
  }
}

const encode = (time: bigint, id: string): string => Buffer.from(JSON.stringify({ ref: String(time), id })).toString('base64url');

function decode(cursor: string): { time: bigint; id: string } {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { ref?: unknown; id?: unknown } | null;
    if (typeof value?.ref === 'string' && /^\d+$/.test(value.ref) && typeof value.id === 'string') {
      return { time: BigInt(value.ref), id: value.id };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError('not issued by this store');
}
