/** One whitespace-separated word of a command's arguments; double-quoted parts may hold spaces. */
export interface Token {
  /** As typed, quotes and backslashes included. */
  readonly raw: string;
  /** Offsets in the (quote-normalised) text, so that a caller can take "the rest" verbatim. */
  readonly start: number;
  readonly end: number;
}

export type Tokenized = { ok: true; tokens: Token[]; text: string } | { ok: false; reason: string };

// Phones' "smart punctuation" turns typed " into curly quotes before Telegram sees them.
const CURLY_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;

/**
 * Splits on whitespace outside double quotes; inside quotes a backslash escapes the next character,
 * so `comment="say \"hi\""` is one token. The only failure is a quote left open.
 */
export function tokenize(input: string): Tokenized {
  const text = input.replace(CURLY_QUOTES, '"');
  const tokens: Token[] = [];
  let start = -1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (start === -1) {
      if (/\s/.test(char)) continue;
      start = i;
    }
    if (quoted) {
      if (char === '\\') i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
    } else if (/\s/.test(char)) {
      tokens.push({ raw: text.slice(start, i), start, end: i });
      start = -1;
    }
  }
  if (quoted) return { ok: false, reason: `a double quote is not closed: ${text.slice(start).slice(0, 40)}` };
  if (start !== -1) tokens.push({ raw: text.slice(start), start, end: text.length });
  return { ok: true, tokens, text };
}

/**
 * Alertmanager's unescaping of matcher values (pkg/labels/parse.go): `\"`, `\\` and `\n` stand for
 * themselves, any other backslash is literal so that regexes like `web\d+` survive.
 */
export function unescape(text: string): string {
  return text.replace(/\\([\s\S]?)/g, (_match, next: string) => {
    if (next === '"' || next === '\\') return next;
    if (next === 'n') return '\n';
    return `\\${next}`;
  });
}

/** A token's value: the inside of `"…"` unescaped, or the token as typed. */
export function tokenValue(raw: string): string {
  return isQuoted(raw) ? unescape(raw.slice(1, -1)) : raw;
}

/** Wholly one double-quoted string: `"a b"`, but not `"a" "b"` or `a="b"`. */
export function isQuoted(raw: string): boolean {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return false;
  return closingQuote(raw) === raw.length - 1;
}

/** The index of the quote that closes the one at index 0, or -1. */
function closingQuote(raw: string): number {
  for (let i = 1; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === '"') return i;
  }
  return -1;
}
