import type { AlertStatus, NotificationRecord } from './record.js';

export interface HistoryFilter {
  readonly alertname?: string;
  readonly instance?: string;
  readonly severity?: string;
  readonly status?: AlertStatus;
  /** Inclusive lower bound on the record's event time, RFC 3339. */
  readonly since?: string;
  /** Exclusive upper bound on the record's event time, RFC 3339. */
  readonly until?: string;
}

/**
 * A record's event time: startsAt for a firing, endsAt for a resolution. Pages are ordered by event
 * time, newest first, then by id, in every store.
 */
export function eventTime(record: NotificationRecord): string {
  return record.status === 'firing' ? record.startsAt : record.endsAt;
}

export interface HistoryPage {
  /** Newest first (see eventTime). */
  readonly records: readonly NotificationRecord[];
  /** Opaque; pass back as `cursor` for the next (older) page. Null on the last page. */
  readonly nextCursor: string | null;
}

export interface AppendResult {
  /** Records stored now. */
  readonly inserted: number;
  /** Records that were already stored (same id): nothing changed for them. */
  readonly duplicates: number;
  /** The ids of the records stored now, in the order given. */
  readonly insertedIds: readonly string[];
}

/**
 * The bridge's history of notifications. Implementations: history/influx (InfluxDB 1.x) and
 * history/embedded (SQLite, for a machine with nothing else installed). Both pass the same contract
 * tests (alert-bridge/test/history/contract.ts).
 */
export interface HistoryStore {
  /** Creates the database, tables or retention policy when missing. */
  init(): Promise<void>;
  /**
   * Stores the records durably before resolving; storing one that is already there (same id) changes
   * nothing. Rejects when the store cannot confirm durability (the webhook then answers 5xx).
   */
  append(records: readonly NotificationRecord[]): Promise<AppendResult>;
  /** One page, newest first. A cursor never skips or repeats a record, even while new ones arrive. */
  query(filter: HistoryFilter, limit: number, cursor?: string): Promise<HistoryPage>;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A cursor that this store did not issue or cannot read: the client's mistake (400). */
export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
    this.name = 'InvalidCursorError';
  }
}
