import { randomBytes } from 'node:crypto';
import type { Outbox } from '../delivery/outbox.js';
import type { HistoryFilter, HistoryStore } from '../history/store.js';
import type { HistoryFilter as HistoryArgumentsFilter } from './arguments/index.js';
import { HISTORY_PAGE_SIZE, type HistoryPageView } from './format/history-page.js';

/** Deeper than this, a host or alert name narrows the history better than paging does. */
export const MAX_HISTORY_PAGE = 100;

/**
 * A /history message's state: its filter and the store's cursors of the pages reached so far. It is
 * kept per chat (bot_state `history:<chatId>`, the chat's latest /history only, so the state stays
 * bounded), and the buttons carry only its token: forged data finds no view. Stored cursors keep
 * pages stable while new notifications arrive.
 */
export interface HistoryView {
  readonly token: string;
  readonly filter?: HistoryArgumentsFilter;
  /** cursors[p - 1] opens page p; null opens the first. */
  readonly cursors: (string | null)[];
  /** The message showing the view, once sent. */
  messageId?: number;
}

export type HistoryPageResult = { found: true; view: HistoryPageView } | { found: false; lastPage: number };

const viewKey = (chatId: string): string => `history:${chatId}`;

export function newHistoryView(filter: HistoryArgumentsFilter | undefined): HistoryView {
  return { token: randomBytes(9).toString('base64url'), ...(filter ? { filter } : {}), cursors: [null] };
}

export function readHistoryView(outbox: Outbox, chatId: string): HistoryView | undefined {
  const text = outbox.readBotState(viewKey(chatId));
  if (text === undefined) return undefined;
  try {
    const view = JSON.parse(text) as HistoryView;
    return typeof view.token === 'string' && Array.isArray(view.cursors) ? view : undefined;
  } catch {
    return undefined;
  }
}

export function saveHistoryView(outbox: Outbox, chatId: string, view: HistoryView): void {
  outbox.writeBotState(viewKey(chatId), JSON.stringify(view));
}

const storeFilter = (filter: HistoryArgumentsFilter | undefined): HistoryFilter => (filter ? { [filter.label]: filter.value } : {});

/**
 * Page `page` of the view, walking the store's cursors from the furthest page already reached and
 * recording each in the view. `lastPage` (0: nothing stored) when the history ends before it.
 */
export async function loadHistoryPage(store: HistoryStore, view: HistoryView, page: number): Promise<HistoryPageResult> {
  const filter = storeFilter(view.filter);
  for (let at = Math.min(page, view.cursors.length); ; at++) {
    const result = await store.query(filter, HISTORY_PAGE_SIZE, view.cursors[at - 1] ?? undefined);
    if (result.records.length === 0) return { found: false, lastPage: at - 1 };
    if (result.nextCursor !== null) view.cursors[at] = result.nextCursor;
    if (at === page) {
      // A full last page still has a cursor: look one record ahead so that "Older ›" never leads nowhere.
      const older = page < MAX_HISTORY_PAGE && result.nextCursor !== null && (await store.query(filter, 1, result.nextCursor)).records.length > 0;
      return { found: true, view: { ...(view.filter ? { filter: view.filter } : {}), page, records: result.records, hasOlder: older } };
    }
    if (result.nextCursor === null) return { found: false, lastPage: at };
  }
}
