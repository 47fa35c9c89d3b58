/**
 * The database schema, one entry per version (PRAGMA user_version). Append, never edit: a bridge
 * opening an older file runs the missing steps; a newer file is refused.
 *
 * event_time is utcInstant() of startsAt (firing) or endsAt (resolved): fixed-width UTC text, so text
 * order is time order with nanoseconds. The indexes end in (event_time, id), which serves the
 * keyset pagination for each filter; SQLite walks them backwards for newest first.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE notifications (
     id            TEXT PRIMARY KEY,
     event_time    TEXT NOT NULL,
     status        TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
     alertname     TEXT NOT NULL,
     instance      TEXT NOT NULL,
     severity      TEXT NOT NULL,
     fingerprint   TEXT NOT NULL,
     starts_at     TEXT NOT NULL,
     ends_at       TEXT NOT NULL,
     generator_url TEXT NOT NULL,
     labels        TEXT NOT NULL CHECK (json_valid(labels)),
     annotations   TEXT NOT NULL CHECK (json_valid(annotations)),
     receiver      TEXT NOT NULL,
     group_key     TEXT NOT NULL,
     external_url  TEXT NOT NULL,
     received_at   TEXT NOT NULL
   );
   CREATE INDEX notifications_by_time      ON notifications (event_time, id);
   CREATE INDEX notifications_by_alertname ON notifications (alertname, event_time, id);
   CREATE INDEX notifications_by_instance  ON notifications (instance, event_time, id);
   CREATE INDEX notifications_by_severity  ON notifications (severity, event_time, id);
   CREATE INDEX notifications_by_status    ON notifications (status, event_time, id);`,
];
