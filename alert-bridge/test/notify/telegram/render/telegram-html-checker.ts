// Test-side reader of Telegram HTML, written apart from src/…/telegram-html.ts so that the renderer is
// not checked by its own parser. It follows tdlib's parse_html (MessageEntity.cpp): entities are
// decoded in text and in attribute values, tags nest and close in order. It is stricter than Telegram
// where Telegram would quietly show something other than meant: every & must start an entity, and
// > must be escaped too.

const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export interface StyledText {
  /** The text as the chat shows it. */
  readonly text: string;
  /** The open tags around the text, as written, outermost first. */
  readonly tags: readonly string[];
}

export interface ParsedTelegramHtml {
  /** What the chat shows, entities decoded and tags gone. */
  readonly text: string;
  readonly runs: readonly StyledText[];
  /** Each <a>: its decoded href and its text. */
  readonly links: readonly { readonly href: string; readonly text: string }[];
}

function decodeEntity(html: string, at: number): [string, number] {
  const match = /^&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/.exec(html.slice(at, at + 12));
  if (!match) throw new Error(`unescaped & at ${at}: ${JSON.stringify(html.slice(at, at + 12))}`);
  const body = match[1] ?? '';
  let decoded: string | undefined;
  if (body.startsWith('#x')) decoded = String.fromCodePoint(parseInt(body.slice(2), 16));
  else if (body.startsWith('#')) decoded = String.fromCodePoint(Number(body.slice(1)));
  else decoded = NAMED[body];
  if (decoded === undefined) throw new Error(`entity Telegram does not know at ${at}: &${body};`);
  return [decoded, match[0].length];
}

function decodeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    if (value[i] === '&') {
      const [decoded, length] = decodeEntity(value, i);
      out += decoded;
      i += length;
    } else {
      out += value[i];
      i += 1;
    }
  }
  return out;
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /\s+([a-zA-Z-]+)(?:="([^"]*)")?/gy;
  let end = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    attributes.set(match[1] ?? '', decodeValue(match[2] ?? ''));
    end = pattern.lastIndex;
  }
  if (text.slice(end).trim() !== '') throw new Error(`attributes not understood: ${JSON.stringify(text)}`);
  return attributes;
}

/** Parses like Telegram, throwing on anything Telegram would refuse or show otherwise than meant. */
export function parseTelegramHtml(html: string): ParsedTelegramHtml {
  const stack: { name: string; raw: string; href?: string; textStart: number }[] = [];
  const runs: StyledText[] = [];
  const links: { href: string; text: string }[] = [];
  let text = '';
  const addText = (chunk: string): void => {
    text += chunk;
    const tags = stack.map((tag) => tag.raw);
    const last = runs[runs.length - 1];
    if (last && last.tags.join() === tags.join()) runs[runs.length - 1] = { text: last.text + chunk, tags };
    else runs.push({ text: chunk, tags });
  };
  for (let i = 0; i < html.length; ) {
    const char = html[i] ?? '';
    if (char === '&') {
      const [decoded, length] = decodeEntity(html, i);
      addText(decoded);
      i += length;
    } else if (char === '>') {
      throw new Error(`unescaped > at ${i}`);
    } else if (char === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) throw new Error(`unclosed tag at ${i}`);
      const raw = html.slice(i, end + 1);
      const close = /^<\/([a-z-]+)>$/.exec(raw);
      if (close) {
        const open = stack.pop();
        if (!open || open.name !== close[1]) throw new Error(`${raw} at ${i} closes ${open ? `<${open.name}>` : 'nothing'}`);
        if (open.href !== undefined) links.push({ href: open.href, text: text.slice(open.textStart) });
      } else {
        const open = /^<([a-z-]+)((?:\s[^>]*)?)>$/.exec(raw);
        const name = open?.[1] ?? '';
        if (!open || !TAGS.has(name)) throw new Error(`tag Telegram does not support at ${i}: ${raw}`);
        const attributes = parseAttributes(open[2] ?? '');
        if (name === 'a' && !attributes.has('href')) throw new Error(`<a> without href at ${i}`);
        if (name === 'span' && attributes.get('class') !== 'tg-spoiler') throw new Error(`<span> that is no spoiler at ${i}`);
        if (stack.some((tag) => tag.name === 'code' || (tag.name === 'pre' && name !== 'code'))) throw new Error(`<${name}> inside code at ${i}`);
        if (name === 'a' && stack.some((tag) => tag.name === 'a')) throw new Error(`link inside a link at ${i}`);
        if (name === 'blockquote' && stack.some((tag) => tag.name === 'blockquote')) throw new Error(`quote inside a quote at ${i}`);
        stack.push({ name, raw, textStart: text.length, ...(name === 'a' ? { href: attributes.get('href') ?? '' } : {}) });
      }
      i = end + 1;
    } else {
      addText(char);
      i += 1;
    }
  }
  if (stack.length > 0) throw new Error(`never closed: ${stack.map((tag) => tag.raw).join('')}`);
  return { text, runs, links };
}

/** The text the chat shows. */
export const visibleText = (html: string): string => parseTelegramHtml(html).text;

/** Every character with the tags around it, to compare formatting across a cut. */
export function styledCharacters(html: string): string[] {
  return parseTelegramHtml(html).runs.flatMap((run) => Array.from(run.text, (char) => `${run.tags.join('')}|${char}`));
}
