/**
 * A strict reader of Telegram's HTML parse mode (tdlib MessageEntity.cpp `parse_html`; Bot API
 * "HTML style"): the tags Telegram knows, balanced and nested as Telegram allows, and every `&` an
 * entity Telegram decodes. Stricter than Telegram where Telegram would quietly show something else: a
 * stray `&` it keeps literally is refused here, since it means a value went out unescaped.
 */

export type TelegramHtmlToken =
  /** Text as written, entities and all: the splitter cuts it only between characters. */
  | { readonly kind: 'text'; readonly raw: string }
  | { readonly kind: 'open'; readonly name: string; readonly raw: string }
  | { readonly kind: 'close'; readonly name: string; readonly raw: string };

export class TelegramHtmlError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(`${problem} at offset ${offset}`);
    this.name = 'TelegramHtmlError';
  }
}

const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del',
  'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji',
]);

// A named entity Telegram knows, or a numeric one short enough for tdlib (`&#x` lowercase only).
const ENTITY = /&(?:lt|gt|amp|quot|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/y;
const OPEN_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>/y;
const CLOSE_TAG = /<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/y;
const PLAIN_TEXT = /[^<&]+/y;
const ATTRIBUTE = /([^\s=>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;

export const closingTag = (name: string): string => `</${name}>`;

/** The length of the entity at `offset`, or 0 when `&` starts none that Telegram decodes. */
function entityLength(html: string, offset: number): number {
  ENTITY.lastIndex = offset;
  const match = ENTITY.exec(html);
  if (!match) return 0;
  const decimal = match[1];
  const hex = match[2];
  if (decimal !== undefined || hex !== undefined) {
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
    // tdlib refuses 0 and ≥ 0x10FFFF; a lone surrogate makes the text invalid UTF-8.
    if (code === 0 || code >= 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  }
  return match[0].length;
}

function checkValue(value: string, valueOffset: number): void {
  for (let at = value.indexOf('&'); at !== -1; at = value.indexOf('&', at + 1)) {
    if (entityLength(value, at) === 0) throw new TelegramHtmlError(valueOffset + at, "'&' in an attribute value starts no entity (write &amp;)");
  }
  if (value.includes('<')) throw new TelegramHtmlError(valueOffset, "'<' in an attribute value (write &lt;)");
}

function attributesOf(text: string, textOffset: number): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    checkValue(value, textOffset + (match.index ?? 0));
    attributes.set((match[1] ?? '').toLowerCase(), value);
  }
  return attributes;
}

function checkAttributes(name: string, attributes: Map<string, string>, offset: number): void {
  if (name === 'a' && !attributes.has('href')) throw new TelegramHtmlError(offset, '<a> without href');
  if (name === 'span' && attributes.get('class') !== 'tg-spoiler') throw new TelegramHtmlError(offset, '<span> other than class="tg-spoiler"');
  if (name === 'tg-emoji' && !attributes.has('emoji-id')) throw new TelegramHtmlError(offset, '<tg-emoji> without emoji-id');
}

/** Telegram's nesting rules: nothing inside code; only code inside pre; no link, quote or block inside a link; no quote in a quote. */
function checkNesting(name: string, stack: readonly string[], offset: number): void {
  const parent = stack[stack.length - 1];
  const inside = (tag: string): boolean => stack.includes(tag);
  let problem: string | undefined;
  if (inside('code')) problem = `<${name}> inside <code>`;
  else if (inside('pre') && !(name === 'code' && parent === 'pre')) problem = `<${name}> inside <pre>`;
  else if (inside('a') && ['a', 'code', 'pre', 'blockquote'].includes(name)) problem = `<${name}> inside <a>`;
  else if (inside('blockquote') && name === 'blockquote') problem = '<blockquote> inside <blockquote>';
  if (problem) throw new TelegramHtmlError(offset, problem);
}

/** The tokens of one balanced piece of Telegram HTML; throws a TelegramHtmlError naming the first problem. */
export function tokenizeTelegramHtml(html: string): TelegramHtmlToken[] {
  const tokens: TelegramHtmlToken[] = [];
  const stack: string[] = [];
  let text = '';
  const flushText = (): void => {
    if (text !== '') tokens.push({ kind: 'text', raw: text });
    text = '';
  };
  let offset = 0;
  while (offset < html.length) {
    const char = html[offset];
    if (char === '&') {
      const length = entityLength(html, offset);
      if (length === 0) throw new TelegramHtmlError(offset, "'&' that starts no entity Telegram knows (write &amp;)");
      text += html.slice(offset, offset + length);
      offset += length;
    } else if (char === '<' && html[offset + 1] === '/') {
      CLOSE_TAG.lastIndex = offset;
      const match = CLOSE_TAG.exec(html);
      if (!match) throw new TelegramHtmlError(offset, "'</' that starts no end tag (write &lt;)");
      const name = (match[1] ?? '').toLowerCase();
      const open = stack.pop();
      if (open === undefined) throw new TelegramHtmlError(offset, `</${name}> without an open tag`);
      if (open !== name) throw new TelegramHtmlError(offset, `</${name}> closes <${open}>`);
      flushText();
      tokens.push({ kind: 'close', name, raw: match[0] });
      offset += match[0].length;
    } else if (char === '<') {
      OPEN_TAG.lastIndex = offset;
      const match = OPEN_TAG.exec(html);
      if (!match) throw new TelegramHtmlError(offset, "'<' that starts no tag (write &lt;)");
      const name = (match[1] ?? '').toLowerCase();
      if (!TAGS.has(name)) throw new TelegramHtmlError(offset, `unsupported tag <${name}>`);
      checkAttributes(name, attributesOf(match[2] ?? '', offset + 1 + name.length), offset);
      checkNesting(name, stack, offset);
      flushText();
      tokens.push({ kind: 'open', name, raw: match[0] });
      stack.push(name);
      offset += match[0].length;
    } else {
      PLAIN_TEXT.lastIndex = offset;
      const run = PLAIN_TEXT.exec(html)?.[0] ?? '';
      text += run;
      offset += run.length;
    }
  }
  const unclosed = stack.pop();
  if (unclosed !== undefined) throw new TelegramHtmlError(html.length, `<${unclosed}> is never closed`);
  flushText();
  return tokens;
}

/** The problem with a piece of Telegram HTML, or undefined when Telegram takes it as meant. */
export function telegramHtmlProblem(html: string): string | undefined {
  try {
    tokenizeTelegramHtml(html);
    return undefined;
  } catch (error) {
    if (error instanceof TelegramHtmlError) return error.message;
    throw error;
  }
}
