import type { Matcher } from '../../upstream/alertmanager.js';
import { quoteInput } from './parsed.js';
import { isQuoted, unescape } from './tokens.js';

export type { Matcher } from '../../upstream/alertmanager.js';

export type ParsedMatcher = { matcher: Matcher } | { notAMatcher: true } | { reason: string };

/** Prometheus label names (model.LabelNameRE), which Alertmanager's matchers share. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The name is everything before the first operator; `=~` must be tried before `=`. */
const MATCHER = /^([\s\S]*?)(=~|!~|!=|=)([\s\S]*)$/;

/**
 * One matcher in Alertmanager's syntax (pkg/labels/parse.go): `name=value`, `!=`, `=~`, `!~`, the value
 * bare or double-quoted, with `\"` and `\\` escapes. A token with no operator is not a matcher at all,
 * which lets the caller try it as a duration instead.
 */
export function parseMatcher(raw: string): ParsedMatcher {
  const match = MATCHER.exec(raw);
  if (!match) return { notAMatcher: true };
  const [, name = '', operator = '', rawValue = ''] = match;
  if (name === '') return { reason: `${quoteInput(raw)} has no label name before ${operator}` };
  if (!LABEL_NAME.test(name)) {
    return { reason: `${quoteInput(name)} is not a label name (letters, digits and _, not starting with a digit)` };
  }
  let value: string;
  if (rawValue.startsWith('"')) {
    if (!isQuoted(rawValue)) return { reason: `the value of ${name} must end at its closing double quote` };
    value = unescape(rawValue.slice(1, -1));
  } else if (rawValue.includes('"')) {
    return { reason: `quote the whole value of ${name}, e.g. ${name}${operator}"a b"` };
  } else {
    value = unescape(rawValue);
  }
  const matcher: Matcher = { name, value, isRegex: operator.endsWith('~'), isEqual: operator.startsWith('=') };
  if (matcher.isRegex) {
    const problem = regexProblem(value);
    if (problem !== undefined) return { reason: `the regex of ${name} ${problem}` };
  }
  return { matcher };
}

/**
 * Alertmanager refuses a silence whose every matcher matches the empty string (silence/silence.go
 * validateSilence): such a silence would match every alert. Negative matchers never count as empty there.
 */
export function matchesEmpty(matcher: Matcher): boolean {
  if (!matcher.isEqual) return false;
  if (!matcher.isRegex) return matcher.value === '';
  return anchoredRegex(matcher.value)?.test('') ?? false;
}

/** The matcher as Alertmanager prints it: `instance=~"web.*"`. */
export function formatMatcher(matcher: Matcher): string {
  const operator = `${matcher.isEqual ? '=' : '!'}${matcher.isRegex ? '~' : matcher.isEqual ? '' : '='}`;
  return `${matcher.name}${operator}${JSON.stringify(matcher.value)}`;
}

// RE2 (Go's regexp, which Alertmanager uses) sets flags in a leading group; JS takes them separately.
const LEADING_FLAGS = /^\(\?([imsU]+)\)/;
const INNER_FLAGS = /\(\?[imsU-]+[):]/;

/**
 * JS RegExp as a sanity check of an RE2 pattern: it catches unbalanced brackets and bad repetitions
 * here; the few features JS has and RE2 lacks are refused by name; Alertmanager has the last word.
 */
function regexProblem(pattern: string): string | undefined {
  if (/\(\?<?[=!]/.test(pattern)) return 'uses lookahead or lookbehind, which Alertmanager (RE2) does not support';
  if (/(?:^|[^\\])(?:\\\\)*\\[1-9]/.test(pattern)) return 'uses a backreference, which Alertmanager (RE2) does not support';
  // Flags further in (`a(?i:b)`) are RE2 that JS cannot read: leave those patterns to Alertmanager.
  if (INNER_FLAGS.test(pattern.replace(LEADING_FLAGS, ''))) return undefined;
  try {
    compile(pattern);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `is not valid: ${message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '')}`;
  }
}

/** Alertmanager anchors matcher regexes at both ends. */
function compile(pattern: string): RegExp {
  const flags = LEADING_FLAGS.exec(pattern)?.[1] ?? '';
  // RE2 also spells named groups (?P<name>…), which JS does not.
  const body = pattern.slice(flags === '' ? 0 : flags.length + 3).replace(/\(\?P</g, '(?<');
  return new RegExp(`^(?:${body})$`, [...new Set(flags.replace('U', ''))].join(''));
}

function anchoredRegex(pattern: string): RegExp | undefined {
  try {
    return compile(pattern);
  } catch {
    return undefined;
  }
}
