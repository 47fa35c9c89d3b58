/**
 * The outbox schema, one entry per version (PRAGMA user_version). Append, never edit.
 *
 * queued:     group notifications waiting for delivery, one per destination, in arrival order (seq).
 * batches:    what was rendered for some queued rows (one group, or a digest of many), sent part by part;
 *             the rendered parts are kept so that a restart resumes at the next part instead of
 *             rendering (and so splitting) again. A finished batch and its queued rows are deleted.
 * deliveries: per record and destination, its delivery state: what the history API shows, and what makes
 *             enqueueing idempotent (a record already there is not queued again).
 * bindings:   what an inline button stands for (the alerts a "Silence" button silences), so that a
 *             button's callback data is only a random token: forged data finds nothing.
 * bot_state:  the bot's few durable facts (the getUpdates offset, the chats already refused).
 */
export const OUTBOX_MIGRATIONS: readonly string[] = [
  `CREATE TABLE queued (
     seq         INTEGER PRIMARY KEY AUTOINCREMENT,
     destination TEXT NOT NULL,
     group_json  TEXT NOT NULL CHECK (json_valid(group_json)),
     enqueued_at TEXT NOT NULL,
     batch_id    INTEGER
   );
   CREATE INDEX queued_waiting ON queued (destination, seq) WHERE batch_id IS NULL;
   CREATE INDEX queued_by_batch ON queued (batch_id) WHERE batch_id IS NOT NULL;
   CREATE TABLE batches (
     id          INTEGER PRIMARY KEY AUTOINCREMENT,
     destination TEXT NOT NULL,
     kind        TEXT NOT NULL CHECK (kind IN ('group', 'digest')),
     parts_json  TEXT NOT NULL CHECK (json_valid(parts_json)),
     next_part   INTEGER NOT NULL DEFAULT 0,
     attempts    INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX batches_by_destination ON batches (destination, id);
   CREATE TABLE deliveries (
     record_id   TEXT NOT NULL,
     destination TEXT NOT NULL,
     state       TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
     message_id  INTEGER,
     reason      TEXT,
     updated_at  TEXT NOT NULL,
     PRIMARY KEY (record_id, destination)
   ) WITHOUT ROWID;
   CREATE INDEX deliveries_by_time ON deliveries (updated_at);
   CREATE TABLE bindings (
     token       TEXT PRIMARY KEY,
     kind        TEXT NOT NULL,
     chat_id     TEXT NOT NULL,
     message_id  INTEGER,
     data_json   TEXT NOT NULL CHECK (json_valid(data_json)),
     created_at  TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX bindings_by_time ON bindings (created_at);
   CREATE TABLE bot_state (
     key   TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) WITHOUT ROWID;`,
];
