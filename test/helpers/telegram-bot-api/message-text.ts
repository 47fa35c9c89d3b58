import type { MessageEntity } from 'node-telegram-bot-api';
import { parseTelegramHtml, type ParsedEntity } from './html.js';
import { badRequest } from './params.js';

/** Telegram's limit on a text message, counted in UTF-16 units after parsing entities. */
export const MAX_MESSAGE_LENGTH = 4096;

export interface MessageText {
  /** The text parameter as sent: the HTML source when parse_mode is HTML. */
  html: string;
  parseMode?: string;
  /** What the user sees: entities decoded, tags stripped, leading and trailing whitespace trimmed. */
  text: string;
  entities: ParsedEntity[];
}

/**
 * Turns sendMessage/editMessageText's text, parse_mode and entities into the visible text, with the
 * Bot API's errors. Only HTML is parsed; the fake refuses Markdown rather than store it unparsed.
 */
export function messageText(source: string | undefined, parseMode: string | undefined, explicit: unknown): MessageText {
  if (source === undefined || source === '') throw badRequest('message text is empty');
  let parsed: { text: string; entities: ParsedEntity[] };
  const mode = parseMode?.toLowerCase() ?? '';
  if (mode === 'html') {
    const result = parseTelegramHtml(source);
    if ('error' in result) throw badRequest(`can't parse entities: ${result.error}`);
    parsed = result;
  } else if (mode === 'markdown' || mode === 'markdownv2') {
    throw badRequest(`parse_mode ${parseMode} is not implemented by the fake Bot API; use HTML`);
  } else if (mode === '') {
    parsed = { text: source, entities: explicitEntities(explicit) };
  } else {
    throw badRequest('unsupported parse_mode');
  }
  const trimmed = trimText(parsed.text, parsed.entities);
  if (trimmed.text === '') throw badRequest('message text is empty');
  if (trimmed.text.length > MAX_MESSAGE_LENGTH) throw badRequest('message is too long');
  return { html: source, ...(parseMode ? { parseMode } : {}), ...trimmed };
}

function explicitEntities(value: unknown): ParsedEntity[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  return (value as MessageEntity[]).map((entity) => ({ ...entity }));
}

/** Telegram strips whitespace around a message; entities move with the text and lose what fell off. */
function trimText(text: string, entities: readonly ParsedEntity[]): { text: string; entities: ParsedEntity[] } {
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const kept: ParsedEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(0, entity.offset - start);
    const to = Math.min(trimmed.length, entity.offset + entity.length - start);
    if (to > from) kept.push({ ...entity, offset: from, length: to - from });
  }
  return { text: trimmed, entities: kept };
}
