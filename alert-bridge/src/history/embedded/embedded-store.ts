import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { utcInstant } from '../../rfc3339.js';
import type { NotificationRecord } from '../record.js';
import type { AppendResult, HistoryFilter, HistoryPage, HistoryStore } from '../store.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { openDatabase } from '../../sqlite/open-database.js';
import { MIGRATIONS } from './migrations.js';
import { recordFromRow, rowFromRecord, type NotificationRow } from './rows.js';

export const EMBEDDED_HISTORY_FILE = 'history.sqlite';

export interface EmbeddedHistoryStoreOptions {
  /** The bridge's data directory; created (mode 0700) when missing. */
  readonly dataDir: string;
}

const COLUMNS = [
  'id', 'event_time', 'status', 'alertname', 'instance', 'severity', 'fingerprint', 'starts_at', 'ends_at',
  'generator_url', 'labels', 'annotations', 'receiver', 'group_key', 'external_url', 'received_at',
] as const;

// ON CONFLICT (id) DO NOTHING, not INSERT OR IGNORE: OR IGNORE would also drop, silently, a row that
// breaks a CHECK or NOT NULL constraint, and count it as a duplicate.
const INSERT =
  `INSERT INTO notifications (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')}) ` +
  'ON CONFLICT (id) DO NOTHING';

/** The label columns a filter can name, in the order the query tries them. */
const EXACT_FILTERS = [
  ['alertname', 'alertname'],
  ['instance', 'instance'],
  ['severity', 'severity'],
  ['status', 'status'],
] as const;

/**
 * The history in SQLite (better-sqlite3), for a machine with nothing else installed: one file,
 * `${dataDir}/history.sqlite`. WAL with synchronous=FULL makes each committed transaction durable
 * (fsynced) before append() resolves, so the webhook acknowledges only what survives a power cut.
 *
 * better-sqlite3 is synchronous and blocks the event loop while it works, so each call is one small
 * statement or one transaction over one webhook's records, on indexed columns.
 */
export class EmbeddedHistoryStore implements HistoryStore {
  readonly file: string;
  #db: Database.Database | undefined;
  #insert: Database.Statement | undefined;
  readonly #queries = new Map<string, Database.Statement>();

  constructor(private readonly options: EmbeddedHistoryStoreOptions) {
    this.file = path.join(options.dataDir, EMBEDDED_HISTORY_FILE);
  }

  async init(): Promise<void> {
    if (this.#db) return;
    await mkdir(this.options.dataDir, { recursive: true, mode: 0o700 });
    const db = openDatabase(this.file, MIGRATIONS);
    try {
      this.#insert = db.prepare(INSERT);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
  }

  async append(records: readonly NotificationRecord[]): Promise<AppendResult> {
    const db = this.#open();
    const insert = this.#insert as Database.Statement;
    const rows = records.map(rowFromRecord);
    // One transaction: all of a webhook's records are stored, or none.
    const insertedIds = db.transaction(() => rows.filter((row) => insert.run(row).changes === 1).map((row) => row.id))();
    return { inserted: insertedIds.length, duplicates: records.length - insertedIds.length, insertedIds };
  }

  async query(filter: HistoryFilter, limit: number, cursor?: string): Promise<HistoryPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be 1 to 1000, not ${limit}`);
    const db = this.#open();
    const conditions: string[] = [];
    const params: Record<string, string | number> = { limit: limit + 1 };
    for (const [key, column] of EXACT_FILTERS) {
      const value = filter[key];
      if (value === undefined) continue;
      conditions.push(`${column} = @${column}`);
      params[column] = value;
    }
    if (filter.since !== undefined) {
      conditions.push('event_time >= @since');
      params.since = utcInstant(filter.since);
    }
    if (filter.until !== undefined) {
      conditions.push('event_time < @until');
      params.until = utcInstant(filter.until);
    }
    if (cursor !== undefined) {
      const position = decodeCursor(cursor);
      conditions.push('(event_time, id) < (@cursor_time, @cursor_id)');
      params.cursor_time = position.eventTime;
      params.cursor_id = position.id;
    }
    const sql =
      `SELECT * FROM notifications${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ` +
      'ORDER BY event_time DESC, id DESC LIMIT @limit';
    let statement = this.#queries.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.#queries.set(sql, statement);
    }
    // One row more than asked says whether another page exists, so the last page has no cursor.
    const rows = statement.all(params) as NotificationRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      records: page.map(recordFromRow),
      nextCursor: rows.length > limit && last ? encodeCursor({ eventTime: last.event_time, id: last.id }) : null,
    };
  }

  async ping(): Promise<void> {
    this.#open().prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    this.#insert = undefined;
    this.#queries.clear();
    db?.close();
  }

  #open(): Database.Database {
    if (!this.#db) throw new Error(`the embedded history store (${this.file}) is not open; call init() first`);
    return this.#db;
  }
}

