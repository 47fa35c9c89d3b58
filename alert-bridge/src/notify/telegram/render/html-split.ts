import { closingTag, tokenizeTelegramHtml, type TelegramHtmlToken } from './telegram-html.js';

/**
 * Cuts Telegram HTML that is too long for one message into pieces that each are balanced HTML of at
 * most `limit` UTF-16 units. Cuts fall only between characters of text (never inside a tag, an entity
 * or a grapheme such as a flag or a family emoji), preferably after a space or a line break; the tags
 * open at a cut are closed at the end of one piece and opened again, attributes and all, at the start
 * of the next, so each piece shows the same formatting as the whole did.
 */

/** Below this a piece could not hold the open tags and some text; every caller here has thousands. */
export const MIN_SPLIT_LIMIT = 128;

// An atom is what a cut never enters: a tag, an entity, or one grapheme of text.
type Atom =
  | { readonly kind: 'open'; readonly name: string; readonly raw: string }
  | { readonly kind: 'close'; readonly name: string }
  | { readonly kind: 'text'; readonly raw: string; readonly space: boolean };

const ENTITY_OR_TEXT = /&[^;]*;|[^&]+/g;
// A grapheme longer than this (a base letter under hundreds of combining marks) is cut by code point.
const LONGEST_GRAPHEME = 16;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function textAtoms(raw: string, atoms: Atom[]): void {
  for (const [part] of raw.matchAll(ENTITY_OR_TEXT)) {
    if (part.startsWith('&')) {
      atoms.push({ kind: 'text', raw: part, space: false });
      continue;
    }
    for (const { segment } of graphemes.segment(part)) {
      const pieces = segment.length > LONGEST_GRAPHEME ? Array.from(segment) : [segment];
      for (const piece of pieces) atoms.push({ kind: 'text', raw: piece, space: /^\s+$/.test(piece) });
    }
  }
}

function atomsOf(tokens: readonly TelegramHtmlToken[]): Atom[] {
  const atoms: Atom[] = [];
  for (const token of tokens) {
    if (token.kind === 'text') textAtoms(token.raw, atoms);
    else if (token.kind === 'open') atoms.push({ kind: 'open', name: token.name, raw: token.raw });
    else atoms.push({ kind: 'close', name: token.name });
  }
  return atoms;
}

/** The most units that the tags open at any one point cost, opening and closing them. */
function deepestTagCost(tokens: readonly TelegramHtmlToken[]): number {
  let cost = 0;
  let deepest = 0;
  const costs: number[] = [];
  for (const token of tokens) {
    if (token.kind === 'open') {
      const tagCost = token.raw.length + closingTag(token.name).length;
      costs.push(tagCost);
      cost += tagCost;
      deepest = Math.max(deepest, cost);
    } else if (token.kind === 'close') {
      cost -= costs.pop() ?? 0;
    }
  }
  return deepest;
}

class PieceWriter {
  readonly pieces: string[] = [];
  private readonly stack: { name: string; raw: string }[] = [];
  private current = '';
  /** Where the last text or end tag ended, and how many tags were open there: a cut goes there, so no piece ends in empty elements. */
  private contentEnd = 0;
  private contentDepth = 0;
  private hasContent = false;
  /** Just after the last space of the text since the last tag, where a cut reads best. */
  private breakAt: number | undefined;
  /** The length of the end tags the open tags need. */
  private closersLength = 0;

  constructor(
    private readonly limit: number,
    private readonly breakWindow: number,
  ) {}

  private closers(depth: number): string {
    return this.stack
      .slice(0, depth)
      .reverse()
      .map((tag) => closingTag(tag.name))
      .join('');
  }

  private fits(extra: number): boolean {
    return this.current.length + extra + this.closersLength <= this.limit;
  }

  private cut(atBreak: boolean): void {
    let carry = '';
    const breakAt = this.breakAt;
    // Only text follows a break (tags reset it), so the carried text belongs under the same open tags.
    if (atBreak && breakAt !== undefined && this.current.length - breakAt <= this.breakWindow) {
      carry = this.current.slice(breakAt);
      this.contentEnd = breakAt;
    }
    this.pieces.push(this.current.slice(0, this.contentEnd) + this.closers(this.contentDepth));
    this.current = this.stack.map((tag) => tag.raw).join('') + carry;
    this.contentEnd = this.current.length;
    this.contentDepth = this.stack.length;
    this.hasContent = carry !== '';
    this.breakAt = undefined;
  }

  add(atom: Atom): void {
    if (atom.kind === 'open') {
      if (!this.fits(atom.raw.length + closingTag(atom.name).length) && this.hasContent) this.cut(false);
      this.stack.push({ name: atom.name, raw: atom.raw });
      this.closersLength += closingTag(atom.name).length;
      this.current += atom.raw;
      this.breakAt = undefined;
      // No content yet: a cut before this tag's text moves the tag to the next piece.
      return;
    }
    if (atom.kind === 'close') {
      // Written as the splitter writes end tags, so that the room reserved for them is exact.
      this.stack.pop();
      this.closersLength -= closingTag(atom.name).length;
      this.current += closingTag(atom.name);
      this.breakAt = undefined;
    } else {
      if (!this.fits(atom.raw.length) && this.hasContent) this.cut(true);
      this.current += atom.raw;
      this.hasContent = true;
      if (atom.space) this.breakAt = this.current.length;
    }
    this.contentEnd = this.current.length;
    this.contentDepth = this.stack.length;
  }

  finish(): string[] {
    if (this.hasContent || this.pieces.length === 0) this.pieces.push(this.current + this.closers(this.stack.length));
    return this.pieces;
  }
}

/**
 * `html` (balanced Telegram HTML; a TelegramHtmlError otherwise) in pieces of at most `limit` units.
 * When its tags alone would fill half a piece (a link whose URL is thousands of characters long), the
 * pieces carry its text without tags: formatting is lost, nothing the reader should see is.
 */
export function splitTelegramHtml(html: string, limit: number): string[] {
  if (limit < MIN_SPLIT_LIMIT) throw new RangeError(`split limit ${limit} is below ${MIN_SPLIT_LIMIT}`);
  const tokens = tokenizeTelegramHtml(html);
  if (html.length <= limit) return [html];
  const kept = deepestTagCost(tokens) * 2 > limit ? tokens.filter((token) => token.kind === 'text') : tokens;
  const writer = new PieceWriter(limit, Math.floor(limit / 4));
  for (const atom of atomsOf(kept)) writer.add(atom);
  return writer.finish();
}

/** `html` cut to at most `limit` units, balanced, with an ellipsis where it was cut. */
export function truncateTelegramHtml(html: string, limit: number): string {
  if (html.length <= limit) return html;
  const [first = ''] = splitTelegramHtml(html, limit - 1);
  return `${first}…`;
}
