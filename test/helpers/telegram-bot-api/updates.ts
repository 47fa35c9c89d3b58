import type { Update } from 'node-telegram-bot-api';
import type { Changes } from './changes.js';
import { BotApiError } from './params.js';

// getUpdates as the Bot API server does it: updates wait in a queue until a later call's offset
// confirms them; a negative offset keeps only the last -offset updates; allowed_updates persists between
// calls and applies to updates created afterwards; a second getUpdates ends the first with 409.

export type UpdateState = 'pending' | 'confirmed' | 'dropped';

/** What arrives with every update type except these three unless allowed_updates names them. */
const OPT_IN_UPDATE_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Entry {
  update: Update;
  type: string;
  state: UpdateState;
  droppedBecause?: string;
}

interface HeldPoll {
  limit: number;
  answer(updates: Update[]): void;
  fail(error: BotApiError): void;
}

export interface GetUpdatesRequest {
  offset?: number;
  limit?: number;
  timeout?: number;
  allowedUpdates?: readonly string[];
}

export class UpdateQueue {
  private nextId: number;
  private readonly entries = new Map<number, Entry>();
  private allowed: ReadonlySet<string> | undefined;
  private held: HeldPoll | undefined;

  constructor(
    private readonly changes: Changes,
    firstUpdateId = 700_000_001,
  ) {
    this.nextId = firstUpdateId;
  }

  /** Queues an update of the given type (its key in the Update object); returns its update_id. */
  add(type: string, build: (updateId: number) => Update): number {
    const updateId = this.nextId++;
    const allowed = this.allowed ? this.allowed.has(type) : !OPT_IN_UPDATE_TYPES.has(type);
    const entry: Entry = { update: build(updateId), type, state: allowed ? 'pending' : 'dropped' };
    if (!allowed) entry.droppedBecause = `allowed_updates ${JSON.stringify([...(this.allowed ?? [])])} excludes ${type}`;
    this.entries.set(updateId, entry);
    if (allowed && this.held) this.held.answer(this.pending(this.held.limit));
    this.changes.notify();
    return updateId;
  }

  state(updateId: number): { state: UpdateState; droppedBecause?: string } | undefined {
    const entry = this.entries.get(updateId);
    return entry && { state: entry.state, droppedBecause: entry.droppedBecause };
  }

  /** Handles one getUpdates call; holds it up to timeout seconds while nothing is pending. */
  getUpdates(request: GetUpdatesRequest, signal: AbortSignal): Update[] | Promise<Update[]> {
    if (request.offset !== undefined) this.confirm(request.offset);
    if (request.allowedUpdates !== undefined) {
      this.allowed = request.allowedUpdates.length > 0 ? new Set(request.allowedUpdates) : undefined;
    }
    this.held?.fail(
      new BotApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
    );
    const limit = Math.min(100, Math.max(1, request.limit ?? 100));
    const ready = this.pending(limit);
    const timeout = request.timeout ?? 0;
    if (ready.length > 0 || timeout <= 0) return ready;
    return new Promise<Update[]>((resolve, reject) => {
      const release = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', gone);
        if (this.held === poll) this.held = undefined;
      };
      const poll: HeldPoll = {
        limit,
        answer: (updates) => (release(), resolve(updates)),
        fail: (error) => (release(), reject(error)),
      };
      const gone = (): void => poll.answer([]); // the client left; nobody reads this answer
      const timer = setTimeout(() => poll.answer([]), timeout * 1000);
      signal.addEventListener('abort', gone, { once: true });
      this.held = poll;
    });
  }

  /** deleteWebhook's drop_pending_updates. */
  dropPending(): void {
    for (const entry of this.entries.values()) {
      if (entry.state !== 'pending') continue;
      entry.state = 'dropped';
      entry.droppedBecause = 'deleteWebhook dropped pending updates';
    }
    this.changes.notify();
  }

  private pending(limit: number): Update[] {
    const updates: Update[] = [];
    for (const entry of this.entries.values()) {
      if (entry.state === 'pending') updates.push(entry.update);
      if (updates.length === limit) break;
    }
    return updates;
  }

  private confirm(offset: number): void {
    const pending = [...this.entries.entries()].filter(([, entry]) => entry.state === 'pending');
    // offset > 0 confirms every update below it; offset < 0 forgets all but the last -offset.
    const confirmed = offset >= 0 ? pending.filter(([id]) => id < offset) : pending.slice(0, Math.max(0, pending.length + offset));
    for (const [, entry] of confirmed) entry.state = 'confirmed';
    if (confirmed.length > 0) this.changes.notify();
  }
}
