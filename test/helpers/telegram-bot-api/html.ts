// Telegram's parse_mode "HTML", ported from tdlib's parse_html and decode_html_entity
// (td/telegram/MessageEntity.cpp, checked against its test/message_entities.cpp), which the Bot API
// server runs: same tags, same attribute rules, same error texts with UTF-8 byte offsets. One deliberate
// difference: tdlib shows an unknown named entity such as "&nbsp;" literally, while this parser rejects
// it, so that a template which forgot to escape "&" fails a test instead of showing "&nbsp;" to a human.

/** A formatting span, in UTF-16 units like the Bot API's MessageEntity. */
export interface ParsedEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
  user?: { id: number; is_bot: boolean; first_name: string };
}

/** The visible text (entities decoded, tags stripped, not yet trimmed) and its entities, or tdlib's error. */
export type TelegramHtmlResult = { text: string; entities: ParsedEntity[] } | { error: string };

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 's', 'strike', 'del', 'u', 'ins',
  'tg-spoiler', 'tg-emoji', 'span', 'pre', 'code', 'blockquote',
]);

const SIMPLE_ENTITY_TYPES: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', span: 'spoiler',
};

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

// tdlib's MessageEntity::get_type_priority, which orders entities that share offset and length.
const TYPE_PRIORITY: Record<string, number> = {
  blockquote: 0, expandable_blockquote: 0, pre: 10, code: 20, text_link: 49, text_mention: 49,
  bold: 90, italic: 91, underline: 92, strikethrough: 93, spoiler: 94, custom_emoji: 99,
};

// tdlib's is_space; "\0" ends its C string, which the bounds checks below stand for.
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHexDigit = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[a-zA-Z]$/.test(c);
const isNameTokenChar = (c: string | undefined): boolean => c !== undefined && /^[a-zA-Z0-9.-]$/.test(c);

class HtmlError extends Error {}

interface OpenTag {
  name: string;
  argument: string;
  expandable: boolean;
  offset: number;
}

interface DecodedEntity {
  char: string;
  end: number;
}

/**
 * Parses Telegram HTML the way the Bot API does for parse_mode "HTML".
 * The error is what follows "Bad Request: can't parse entities: " in Telegram's answer.
 */
export function parseTelegramHtml(html: string): TelegramHtmlResult {
  try {
    return new HtmlParser(html).parse();
  } catch (error) {
    if (error instanceof HtmlError) return { error: error.message };
    throw error;
  }
}

class HtmlParser {
  private i = 0;
  private text = '';
  private readonly open: OpenTag[] = [];
  private readonly entities: ParsedEntity[] = [];
  /** A code entity's language, kept aside: only a pre entity carries one in the Bot API. */
  private readonly codeLanguages = new WeakMap<ParsedEntity, string>();
  private decodedSurrogate = false;

  constructor(private readonly html: string) {}

  parse(): { text: string; entities: ParsedEntity[] } {
    const { html } = this;
    while (this.i < html.length) {
      const c = html[this.i];
      if (c === '&') {
        const decoded = this.decodeEntity(this.i);
        if (decoded) {
          this.text += decoded.char;
          this.i = decoded.end;
          continue;
        }
      }
      if (c !== '<') {
        this.text += c;
        this.i++;
      } else if (html[this.i + 1] === '/') {
        this.endTag();
      } else {
        this.startTag();
      }
    }
    const unclosed = this.open.at(-1);
    if (unclosed) throw new HtmlError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
    if (this.decodedSurrogate) {
      throw new HtmlError('Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units');
    }
    const priority = (entity: ParsedEntity): number => TYPE_PRIORITY[entity.type] ?? 50;
    const entities = this.entities.sort((a, b) => a.offset - b.offset || b.length - a.length || priority(a) - priority(b));
    return { text: this.text, entities };
  }

  private byteOffset(index: number): number {
    return Buffer.byteLength(this.html.slice(0, index), 'utf8');
  }

  private skipSpaces(): void {
    while (this.i < this.html.length && isSpace(this.html[this.i])) this.i++;
  }

  private startTag(): void {
    const { html } = this;
    const begin = this.i++;
    while (this.i < html.length && !isSpace(html[this.i]) && html[this.i] !== '>') this.i++;
    if (this.i >= html.length) throw new HtmlError(`Unclosed start tag at byte offset ${this.byteOffset(begin)}`);
    const name = html.slice(begin + 1, this.i).toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) {
      throw new HtmlError(`Unsupported start tag "${name}" at byte offset ${this.byteOffset(begin)}`);
    }
    const tag: OpenTag = { name, argument: '', expandable: false, offset: this.text.length };
    for (;;) {
      this.skipSpaces();
      if (this.i >= html.length) throw new HtmlError(`Unclosed start tag at byte offset ${this.byteOffset(begin)}`);
      if (html[this.i] === '>') break;
      this.attribute(tag, begin);
    }
    this.i++;
    if (name === 'span' && tag.argument !== 'spoiler') {
      throw new HtmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${this.byteOffset(begin)}`);
    }
    this.open.push(tag);
  }

  private attribute(tag: OpenTag, begin: number): void {
    const { html } = this;
    const nameStart = this.i;
    while (this.i < html.length && !isSpace(html[this.i]) && html[this.i] !== '=' && html[this.i] !== '>') this.i++;
    const attribute = html.slice(nameStart, this.i);
    if (attribute === '') {
      throw new HtmlError(`Empty attribute name in the tag "${tag.name}" at byte offset ${this.byteOffset(begin)}`);
    }
    this.skipSpaces();
    if (html[this.i] !== '=') {
      // The one valueless attribute Telegram knows: <blockquote expandable>.
      if (tag.name === 'blockquote' && attribute === 'expandable') {
        tag.expandable = true;
        return;
      }
      throw new HtmlError(
        `Expected equal sign in declaration of an attribute of the tag "${tag.name}" at byte offset ${this.byteOffset(begin)}`,
      );
    }
    this.i++;
    this.skipSpaces();
    if (this.i >= html.length) {
      throw new HtmlError(`Unclosed start tag "${tag.name}" at byte offset ${this.byteOffset(begin)}`);
    }
    const value = this.attributeValue();
    if (this.i >= html.length) throw new HtmlError(`Unclosed start tag at byte offset ${this.byteOffset(begin)}`);
    if (tag.name === 'a' && attribute === 'href') tag.argument = value;
    else if (tag.name === 'code' && attribute === 'class' && value.startsWith('language-')) tag.argument = value.slice(9);
    else if (tag.name === 'span' && attribute === 'class' && value.startsWith('tg-')) tag.argument = value.slice(3);
    else if (tag.name === 'tg-emoji' && attribute === 'emoji-id') tag.argument = value;
  }

  private attributeValue(): string {
    const { html } = this;
    const quote = html[this.i];
    if (quote !== '"' && quote !== "'") {
      // An unquoted value is an HTML 2.0 name token, lowercased like tdlib does.
      const start = this.i;
      while (isNameTokenChar(html[this.i])) this.i++;
      if (this.i < html.length && !isSpace(html[this.i]) && html[this.i] !== '>') {
        throw new HtmlError(`Unexpected end of name token at byte offset ${this.byteOffset(start)}`);
      }
      return html.slice(start, this.i).toLowerCase();
    }
    this.i++;
    let value = '';
    while (this.i < html.length && html[this.i] !== quote) {
      const decoded = html[this.i] === '&' ? this.decodeEntity(this.i) : undefined;
      if (decoded) {
        value += decoded.char;
        this.i = decoded.end;
      } else {
        value += html[this.i++];
      }
    }
    if (this.i < html.length) this.i++;
    return value;
  }

  private endTag(): void {
    const { html } = this;
    const begin = this.i;
    const tag = this.open.pop();
    if (!tag) throw new HtmlError(`Unexpected end tag at byte offset ${this.byteOffset(begin)}`);
    this.i += 2;
    const nameStart = this.i;
    while (this.i < html.length && !isSpace(html[this.i]) && html[this.i] !== '>') this.i++;
    const name = html.slice(nameStart, this.i);
    this.skipSpaces();
    if (html[this.i] !== '>') throw new HtmlError(`Unclosed end tag at byte offset ${this.byteOffset(begin)}`);
    this.i++;
    if (name !== '' && name !== tag.name) {
      throw new HtmlError(
        `Unmatched end tag at byte offset ${this.byteOffset(begin)}, expected "</${tag.name}>", found "</${name}>"`,
      );
    }
    this.closeEntity(tag, this.text.length - tag.offset);
  }

  private closeEntity(tag: OpenTag, length: number): void {
    if (length === 0) return; // Telegram drops empty entities
    const span = { offset: tag.offset, length };
    const simple = SIMPLE_ENTITY_TYPES[tag.name];
    if (simple) {
      this.entities.push({ type: simple, ...span });
    } else if (tag.name === 'tg-emoji') {
      if (!/^[0-9]+$/.test(tag.argument) || /^0+$/.test(tag.argument)) {
        throw new HtmlError('Invalid custom emoji identifier specified');
      }
      this.entities.push({ type: 'custom_emoji', ...span, custom_emoji_id: tag.argument });
    } else if (tag.name === 'a') {
      const url = tag.argument === '' ? this.text.slice(tag.offset) : tag.argument;
      const mention = /^tg:\/\/user\?id=([0-9]{1,15})$/i.exec(url);
      const link = normalizeLink(url);
      if (mention) {
        this.entities.push({ type: 'text_mention', ...span, user: { id: Number(mention[1]), is_bot: false, first_name: '' } });
      } else if (link) {
        this.entities.push({ type: 'text_link', ...span, url: link });
      } // an invalid link loses its entity silently, like in Telegram
    } else if (tag.name === 'code' || tag.name === 'pre') {
      this.codeOrPre(tag, span);
    } else if (tag.name === 'blockquote') {
      this.entities.push({ type: tag.expandable ? 'expandable_blockquote' : 'blockquote', ...span });
    }
  }

  /** <pre><code class="language-x"> (either nesting) makes one pre entity with a language; otherwise both stay. */
  private codeOrPre(tag: OpenTag, span: { offset: number; length: number }): void {
    const last = this.entities.at(-1);
    const sameSpan = last !== undefined && last.offset === span.offset && last.length === span.length;
    if (tag.name === 'pre' && sameSpan && last.type === 'code' && this.codeLanguages.has(last)) {
      Object.assign(last, { type: 'pre', language: this.codeLanguages.get(last) });
    } else if (tag.name === 'code' && sameSpan && last.type === 'pre' && tag.argument !== '') {
      last.language = tag.argument;
    } else {
      const entity: ParsedEntity = { type: tag.name, ...span };
      if (tag.name === 'code' && tag.argument !== '') this.codeLanguages.set(entity, tag.argument);
      this.entities.push(entity);
    }
  }

  /** The character an entity at pos stands for, or undefined when Telegram would keep the "&" as text. */
  private decodeEntity(pos: number): DecodedEntity | undefined {
    const { html } = this;
    let end = pos + 1;
    let char: string;
    if (html[end] === '#') {
      end++;
      let code = 0;
      const hex = html[end] === 'x';
      if (hex) end++;
      while (hex ? isHexDigit(html[end]) : isDigit(html[end])) {
        code = code * (hex ? 16 : 10) + parseInt(html[end] ?? '', 16);
        end++;
        if (code >= 0x10ffff) return undefined;
      }
      if (code === 0 || end - pos >= 10) return undefined;
      // A surrogate alone is invalid UTF-8 for tdlib, even where two would pair up in a JS string.
      if (code >= 0xd800 && code <= 0xdfff) this.decodedSurrogate = true;
      char = String.fromCodePoint(code);
    } else {
      while (isAlpha(html[end])) end++;
      const named = NAMED_ENTITIES[html.slice(pos + 1, end)];
      if (named === undefined) {
        const reference = /^&[a-zA-Z][a-zA-Z0-9]*;/.exec(html.slice(pos));
        if (reference) {
          throw new HtmlError(`Unsupported HTML entity "${reference[0]}" at byte offset ${this.byteOffset(pos)}`);
        }
        return undefined;
      }
      char = named;
    }
    if (html[end] === ';') end++;
    return { char, end };
  }
}

/**
 * A rough stand-in for tdlib's check_url: a link Telegram accepts, normalized like it
 * ("telegram.org?x" becomes "http://telegram.org/?x"), or undefined.
 */
function normalizeLink(url: string): string | undefined {
  if (url === '' || /\s/.test(url)) return undefined;
  if (/^(tg|ton):\/\/./i.test(url)) return url;
  const parts = /^(?:(https?):\/\/)?([a-z0-9-]+(?:\.[a-z0-9-]+)+(?::[0-9]{1,5})?)([/?#].*)?$/i.exec(url);
  if (!parts) return undefined;
  const [, scheme = 'http', host = '', rest = ''] = parts;
  return `${scheme.toLowerCase()}://${host.toLowerCase()}${rest.startsWith('/') ? rest : `/${rest}`}`;
}
