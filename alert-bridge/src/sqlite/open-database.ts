import Database from 'better-sqlite3';

/**
 * Opens (creating) a SQLite file the way every bridge database is used: WAL with synchronous=FULL, so a
 * committed transaction is fsynced before the call returns, and the schema brought up to date from its
 * migrations (PRAGMA user_version; a file newer than this bridge is refused).
 */
export function openDatabase(file: string, migrations: readonly string[]): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Another process holding the write lock (a backup, the sqlite3 shell) is waited for, not failed.
    db.pragma('busy_timeout = 5000');
    migrate(db, file, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function migrate(db: Database.Database, file: string, migrations: readonly string[]): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new Error(`${file} has schema version ${version}, newer than this bridge knows (${migrations.length}); upgrade the bridge`);
  }
  db.transaction(() => {
    for (const [index, sql] of migrations.entries()) {
      if (index < version) continue;
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    }
  })();
}
