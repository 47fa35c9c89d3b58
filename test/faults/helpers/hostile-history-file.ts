import Database from 'better-sqlite3';

/**
 * The embedded store's SQLite file, opened read-only beside the bridge: counting rows after every
 * request is what finds a partial write, and the HTTP API has no count. WAL lets a second connection
 * read what the bridge committed without disturbing it.
 */
export class HistoryFile {
  readonly #db: Database.Database;
  readonly #count: Database.Statement;
  readonly #byId: Database.Statement;
  readonly #countBetween: Database.Statement;

  constructor(file: string) {
    this.#db = new Database(file, { readonly: true, fileMustExist: true });
    this.#count = this.#db.prepare('SELECT COUNT(*) AS n FROM notifications');
    this.#byId = this.#db.prepare('SELECT id, alertname, instance, severity, labels FROM notifications WHERE id = ?');
    this.#countBetween = this.#db.prepare('SELECT COUNT(*) AS n FROM notifications WHERE event_time >= ? AND event_time < ?');
  }

  count(): number {
    return (this.#count.get() as { n: number }).n;
  }

  /** Rows whose event time (the store's UTC text, nine fraction digits) is in [since, until). */
  countBetween(since: string, until: string): number {
    return (this.#countBetween.get(since, until) as { n: number }).n;
  }

  /** The stored row of each id that is stored. */
  rows(ids: Iterable<string>): Map<string, StoredRow> {
    const found = new Map<string, StoredRow>();
    for (const id of new Set(ids)) {
      const row = this.#byId.get(id) as StoredRow | undefined;
      if (row) found.set(id, row);
    }
    return found;
  }

  close(): void {
    this.#db.close();
  }
}

export interface StoredRow {
  readonly id: string;
  readonly alertname: string;
  readonly instance: string;
  readonly severity: string;
  /** JSON text. */
  readonly labels: string;
}
