import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { TelegramDestination } from '../config/telegram.js';
import type { AlertGroupNotification } from '../notify/notifier.js';
import { openDatabase } from '../sqlite/open-database.js';
import { destinationKey, parseDestinationKey } from './destination.js';
import { OUTBOX_MIGRATIONS } from './migrations.js';

export const OUTBOX_FILE = 'outbox.sqlite';

/** A group notification for one destination, holding the records that destination has not had yet. */
export interface QueuedGroup {
  readonly seq: number;
  readonly group: AlertGroupNotification;
}

/** One message of a batch, as rendered. */
export interface OutgoingPart {
  readonly text: string;
  readonly status: 'firing' | 'resolved';
  readonly recordIds: readonly string[];
  /** The binding behind this message's "Silence" buttons; firing messages of a single group only. */
  readonly silenceToken?: string;
}

/** What was rendered for some queued groups of one destination, sent part after part. */
export interface Batch {
  readonly id: number;
  readonly destination: TelegramDestination;
  readonly kind: 'group' | 'digest';
  readonly parts: readonly OutgoingPart[];
  readonly nextPart: number;
  readonly attempts: number;
}

/** A record's delivery to one destination, as the history API shows it. */
export interface DeliveryState {
  readonly chat_id: string;
  readonly thread_id?: number;
  readonly state: 'pending' | 'sent' | 'failed';
  readonly message_id?: number;
  /** failed: why; pending: why the last attempt failed, if one did. */
  readonly reason?: string;
  readonly updated_at: string;
}

/** The alerts a Silence button stands for. */
export interface SilenceBinding {
  readonly chatId: string;
  readonly messageId: number | undefined;
  readonly records: readonly { readonly id: string; readonly labels: Readonly<Record<string, string>> }[];
}

interface BatchRow {
  id: number;
  destination: string;
  kind: 'group' | 'digest';
  parts_json: string;
  next_part: number;
  attempts: number;
}

interface DeliveryRow {
  record_id: string;
  destination: string;
  state: DeliveryState['state'];
  message_id: number | null;
  reason: string | null;
  updated_at: string;
}

/**
 * The durable delivery queue (SQLite in the data directory, WAL, synchronous=FULL): a notification is
 * committed here before its webhook is acknowledged, and leaves only once Telegram has taken every
 * message rendered from it, so a kill -9 or a Telegram outage of any length loses nothing.
 *
 * Enqueueing is idempotent per (record, destination): a redelivered webhook, a repeat_interval
 * reminder or a second Alertmanager replica queues nothing twice, whatever the history store said.
 */
export class Outbox {
  readonly file: string;
  #db: Database.Database | undefined;

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, OUTBOX_FILE);
  }

  async open(): Promise<void> {
    if (this.#db) return;
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    this.#db = openDatabase(this.file, OUTBOX_MIGRATIONS);
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  /**
   * Queues each group for its destination, with only the records that destination has not been given
   * before; returns the destinations that got something. One transaction: all or nothing.
   */
  enqueue(entries: readonly { destination: TelegramDestination; group: AlertGroupNotification }[], now: Date): string[] {
    const db = this.#open();
    const at = now.toISOString();
    const claim = db.prepare(
      "INSERT INTO deliveries (record_id, destination, state, updated_at) VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING",
    );
    const queue = db.prepare('INSERT INTO queued (destination, group_json, enqueued_at) VALUES (?, ?, ?)');
    return db.transaction(() => {
      const woken = new Set<string>();
      for (const { destination, group } of entries) {
        const key = destinationKey(destination);
        const fresh = group.records.filter((record) => claim.run(record.id, key, at).changes === 1);
        if (fresh.length === 0) continue;
        queue.run(key, JSON.stringify({ ...group, records: fresh }), at);
        woken.add(key);
      }
      return [...woken];
    })();
  }

  /** Destinations with anything to send: queued groups or a batch not finished. */
  destinations(): TelegramDestination[] {
    const rows = this.#open()
      .prepare('SELECT destination FROM queued WHERE batch_id IS NULL UNION SELECT destination FROM batches')
      .pluck()
      .all() as string[];
    return rows.map(parseDestinationKey);
  }

  /** The unfinished batch of a destination (after a restart, or a failure), if any. */
  openBatch(destination: TelegramDestination): Batch | undefined {
    const row = this.#open()
      .prepare('SELECT * FROM batches WHERE destination = ? ORDER BY id LIMIT 1')
      .get(destinationKey(destination)) as BatchRow | undefined;
    return row && batchFromRow(row);
  }

  /** Queued groups not yet in a batch, oldest first. */
  waiting(destination: TelegramDestination, limit: number): QueuedGroup[] {
    const rows = this.#open()
      .prepare('SELECT seq, group_json FROM queued WHERE destination = ? AND batch_id IS NULL ORDER BY seq LIMIT ?')
      .all(destinationKey(destination), limit) as { seq: number; group_json: string }[];
    return rows.map((row) => ({ seq: row.seq, group: JSON.parse(row.group_json) as AlertGroupNotification }));
  }

  /**
   * Records what was rendered for `groups`: one batch, its parts, and a Silence binding for each part
   * that asks for one (`silence`: the labels of the part's records, by id).
   */
  createBatch(
    destination: TelegramDestination,
    kind: Batch['kind'],
    groups: readonly QueuedGroup[],
    parts: readonly (Omit<OutgoingPart, 'silenceToken'> & { silence?: SilenceBinding['records'] })[],
    now: Date,
  ): Batch {
    const db = this.#open();
    const key = destinationKey(destination);
    return db.transaction(() => {
      const stored: OutgoingPart[] = parts.map(({ silence, ...part }) => {
        if (!silence || silence.length === 0) return part;
        const token = randomBytes(9).toString('base64url');
        db.prepare("INSERT INTO bindings (token, kind, chat_id, data_json, created_at) VALUES (?, 'silence', ?, ?, ?)").run(
          token,
          destination.chatId,
          JSON.stringify({ records: silence }),
          now.toISOString(),
        );
        return { ...part, silenceToken: token };
      });
      const { lastInsertRowid } = db.prepare('INSERT INTO batches (destination, kind, parts_json) VALUES (?, ?, ?)').run(key, kind, JSON.stringify(stored));
      const batchId = Number(lastInsertRowid);
      const assign = db.prepare('UPDATE queued SET batch_id = ? WHERE seq = ?');
      for (const group of groups) assign.run(batchId, group.seq);
      return { id: batchId, destination, kind, parts: stored, nextPart: 0, attempts: 0 };
    })();
  }

  /** Telegram took part `index` as message `messageId`: its records are sent; the batch moves on. */
  partSent(batch: Batch, index: number, messageId: number, now: Date): void {
    const db = this.#open();
    const part = batch.parts[index] as OutgoingPart;
    db.transaction(() => {
      this.#setDeliveries(part, batch.destination, 'sent', messageId, null, now);
      if (part.silenceToken) db.prepare('UPDATE bindings SET message_id = ? WHERE token = ?').run(messageId, part.silenceToken);
      this.#advance(batch, index);
    })();
  }

  /** Telegram refused part `index` for good (a chat that does not exist, a bot blocked): its records failed. */
  partFailed(batch: Batch, index: number, reason: string, now: Date): void {
    const db = this.#open();
    db.transaction(() => {
      this.#setDeliveries(batch.parts[index] as OutgoingPart, batch.destination, 'failed', null, reason, now);
      this.#advance(batch, index);
    })();
  }

  /** An attempt at part `index` failed and will be retried: the records stay pending, with the reason. */
  attemptFailed(batch: Batch, index: number, reason: string, now: Date): void {
    const db = this.#open();
    db.transaction(() => {
      this.#setDeliveries(batch.parts[index] as OutgoingPart, batch.destination, 'pending', null, reason, now);
      db.prepare('UPDATE batches SET attempts = attempts + 1 WHERE id = ?').run(batch.id);
    })();
  }

  /** Group notifications accepted and not yet delivered (the queue-depth metric). */
  depth(): number {
    return this.#db ? (this.#db.prepare('SELECT count(*) FROM queued').pluck().get() as number) : 0;
  }

  /** The delivery states of these records, by record id; records never routed anywhere are absent. */
  deliveryStates(recordIds: readonly string[]): Map<string, DeliveryState[]> {
    const states = new Map<string, DeliveryState[]>();
    if (recordIds.length === 0) return states;
    const rows = this.#open()
      .prepare('SELECT * FROM deliveries WHERE record_id IN (SELECT value FROM json_each(?)) ORDER BY record_id, destination')
      .all(JSON.stringify(recordIds)) as DeliveryRow[];
    for (const row of rows) {
      const destination = parseDestinationKey(row.destination);
      const state: DeliveryState = {
        chat_id: destination.chatId,
        ...(destination.threadId === undefined ? {} : { thread_id: destination.threadId }),
        state: row.state,
        ...(row.message_id === null ? {} : { message_id: row.message_id }),
        ...(row.reason === null ? {} : { reason: row.reason }),
        updated_at: row.updated_at,
      };
      const list = states.get(row.record_id);
      if (list) list.push(state);
      else states.set(row.record_id, [state]);
    }
    return states;
  }

  silenceBinding(token: string): SilenceBinding | undefined {
    const row = this.#open().prepare("SELECT chat_id, message_id, data_json FROM bindings WHERE token = ? AND kind = 'silence'").get(token) as
      | { chat_id: string; message_id: number | null; data_json: string }
      | undefined;
    if (!row) return undefined;
    const data = JSON.parse(row.data_json) as { records: SilenceBinding['records'] };
    return { chatId: row.chat_id, messageId: row.message_id ?? undefined, records: data.records };
  }

  /** One of the bot's durable facts (bot/), undefined when never written. */
  readBotState(key: string): string | undefined {
    return this.#open().prepare('SELECT value FROM bot_state WHERE key = ?').pluck().get(key) as string | undefined;
  }

  writeBotState(key: string, value: string): void {
    this.#open().prepare('INSERT INTO bot_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Forgets delivery states and button bindings older than `before` (they outlive the history otherwise). */
  prune(before: Date): void {
    const db = this.#open();
    const at = before.toISOString();
    db.transaction(() => {
      db.prepare("DELETE FROM deliveries WHERE updated_at < ? AND state != 'pending'").run(at);
      db.prepare('DELETE FROM bindings WHERE created_at < ?').run(at);
      // The bot's record of a pressed Silence button (bot/callbacks/silence.ts) goes with its binding.
      db.prepare("DELETE FROM bot_state WHERE key LIKE 'silenced:%' AND substr(key, 10) NOT IN (SELECT token FROM bindings)").run();
    })();
  }

  #setDeliveries(part: OutgoingPart, destination: TelegramDestination, state: DeliveryState['state'], messageId: number | null, reason: string | null, now: Date): void {
    const update = this.#open().prepare(
      'UPDATE deliveries SET state = ?, message_id = ?, reason = ?, updated_at = ? WHERE record_id = ? AND destination = ?',
    );
    const key = destinationKey(destination);
    for (const id of part.recordIds) update.run(state, messageId, reason, now.toISOString(), id, key);
  }

  /** Moves the batch past part `index`; after its last part, the batch and its queued groups are done. */
  #advance(batch: Batch, index: number): void {
    const db = this.#open();
    if (index + 1 < batch.parts.length) {
      db.prepare('UPDATE batches SET next_part = ?, attempts = 0 WHERE id = ?').run(index + 1, batch.id);
    } else {
      db.prepare('DELETE FROM queued WHERE batch_id = ?').run(batch.id);
      db.prepare('DELETE FROM batches WHERE id = ?').run(batch.id);
    }
  }

  #open(): Database.Database {
    if (!this.#db) throw new Error(`the outbox (${this.file}) is not open; call open() first`);
    return this.#db;
  }
}

function batchFromRow(row: BatchRow): Batch {
  return {
    id: row.id,
    destination: parseDestinationKey(row.destination),
    kind: row.kind,
    parts: JSON.parse(row.parts_json) as OutgoingPart[],
    nextPart: row.next_part,
    attempts: row.attempts,
  };
}
