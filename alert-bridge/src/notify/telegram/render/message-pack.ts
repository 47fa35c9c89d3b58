import { splitTelegramHtml, truncateTelegramHtml, MIN_SPLIT_LIMIT } from './html-split.js';
import { HEADER_LIMIT, HEADING_LIMIT, TELEGRAM_ENTITY_LIMIT, TELEGRAM_MESSAGE_LIMIT } from './limits.js';

/**
 * Lays rendered alert blocks out in messages: each message is a header, a blank line, then as many
 * whole blocks as fit in Telegram's length and entity limits. Blocks are never dropped or reordered; one too long for any message is cut
 * (html-split) and its pieces fill messages of their own. Headers learn their place ("2 of 4"), which
 * they may show, so the layout is redone until the count it assumed is the count it made.
 */

export interface MessageBlock {
  /** Balanced Telegram HTML (the renderer checks it). */
  readonly html: string;
  readonly recordIds: readonly string[];
  /** Put between this block and the one before it in the same message. */
  readonly separator: string;
  /** A section heading (the digest's alertname): shown before the block wherever the block before it in the message had another. */
  readonly heading?: string;
}

export interface MessagePart {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface PackedMessage {
  readonly text: string;
  readonly recordIds: readonly string[];
}

const HEADER_SEPARATOR = '\n\n';
const HEADING_SEPARATOR = '\n\n';
const AFTER_HEADING = '\n';
// What later parts' headers may add to this one's: "(10/12)" after "(9/12)".
const HEADER_SLACK = 32;
// A user template whose header grows as the count shrinks could make the layout oscillate.
const MAX_LAYOUTS = 8;

interface Draft {
  readonly header: string;
  body: string;
  readonly recordIds: string[];
  heading: string | undefined;
}

/** Start tags, which become entities: in checked HTML every other `<` is written &lt;. */
const entityCount = (html: string): number => html.match(/<[^/]/g)?.length ?? 0;

function headingOf(block: MessageBlock): string | undefined {
  return block.heading === undefined ? undefined : truncateTelegramHtml(block.heading, HEADING_LIMIT);
}

function layout(blocks: readonly MessageBlock[], headerFor: (index: number) => string, limit: number): Draft[] {
  const drafts: Draft[] = [];
  const open = (): Draft => {
    const draft: Draft = { header: headerFor(drafts.length), body: '', recordIds: [], heading: undefined };
    drafts.push(draft);
    return draft;
  };
  const append = (draft: Draft, block: MessageBlock, heading: string | undefined, html: string): void => {
    const newHeading = heading !== undefined && heading !== draft.heading;
    const separator = draft.body === '' ? '' : newHeading ? HEADING_SEPARATOR : block.separator;
    draft.body += separator + (newHeading ? heading + AFTER_HEADING : '') + html;
    draft.heading = heading;
    for (const id of block.recordIds) if (!draft.recordIds.includes(id)) draft.recordIds.push(id);
  };
  const fits = (draft: Draft, block: MessageBlock, heading: string | undefined): boolean => {
    const trial: Draft = { ...draft, recordIds: [] };
    append(trial, block, heading, block.html);
    if (trial.header.length + HEADER_SEPARATOR.length + trial.body.length > limit) return false;
    // A block with more tags than Telegram applies still gets a message of its own.
    return draft.body === '' || entityCount(trial.header + trial.body) <= TELEGRAM_ENTITY_LIMIT;
  };

  let draft: Draft | undefined;
  for (const block of blocks) {
    const heading = headingOf(block);
    draft ??= open();
    if (fits(draft, block, heading)) {
      append(draft, block, heading, block.html);
      continue;
    }
    if (draft.body !== '') {
      draft = open();
      if (fits(draft, block, heading)) {
        append(draft, block, heading, block.html);
        continue;
      }
    }
    // Too long for a message of its own: cut it, leaving room for the heading and for headers a little
    // longer than this one (later parts have longer numbers); a header that still does not fit is cut.
    const headingRoom = heading === undefined ? 0 : heading.length + AFTER_HEADING.length;
    const headerRoom = Math.min(HEADER_LIMIT, draft.header.length + HEADER_SLACK);
    const budget = Math.max(MIN_SPLIT_LIMIT, limit - headerRoom - HEADER_SEPARATOR.length - headingRoom);
    splitTelegramHtml(block.html, budget).forEach((piece, index) => {
      if (index > 0) draft = open();
      append(draft ?? open(), block, heading, piece);
    });
  }
  return drafts;
}

/** The header, cut to what the message leaves it (a user template's header only; the built-in one always fits). */
function fitHeader(header: string, room: number): string {
  if (header.length <= room) return header;
  return room < MIN_SPLIT_LIMIT ? '' : truncateTelegramHtml(header, room);
}

/** The blocks in messages of at most `limit` units, each opening with `renderHeader` for its place. */
export function packMessages(
  blocks: readonly MessageBlock[],
  renderHeader: (part: MessagePart) => string,
  limit: number = TELEGRAM_MESSAGE_LIMIT,
): PackedMessage[] {
  if (blocks.length === 0) return [];
  let count = 1;
  let drafts: Draft[] = [];
  for (let attempt = 0; attempt < MAX_LAYOUTS; attempt++) {
    const assumed = count;
    drafts = layout(blocks, (index) => truncateTelegramHtml(renderHeader({ index: index + 1, count: assumed }), HEADER_LIMIT), limit);
    if (drafts.length === assumed) break;
    count = drafts.length;
  }
  return drafts.map((draft, index) => {
    const header = fitHeader(
      truncateTelegramHtml(renderHeader({ index: index + 1, count: drafts.length }), HEADER_LIMIT),
      limit - HEADER_SEPARATOR.length - draft.body.length,
    );
    return { text: header === '' ? draft.body : header + HEADER_SEPARATOR + draft.body, recordIds: draft.recordIds };
  });
}
