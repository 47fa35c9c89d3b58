import { formatDuration, parseDuration } from './duration.js';
import { matchesEmpty, parseMatcher, type Matcher } from './matcher.js';
import { parsed, quoteInput, refused, type Parsed } from './parsed.js';
import { isQuoted, tokenize, tokenValue } from './tokens.js';

export interface SilenceArguments {
  /** At least one, and not all of them matching the empty string. */
  readonly matchers: readonly Matcher[];
  readonly durationMs: number;
  readonly comment: string;
}

export const SILENCE_USAGE =
  'Usage: /silence <matcher>... <duration> [comment], e.g. /silence instance=web1:9100 2h deploy ' +
  'or /silence alertname=HostHighCpu instance=~"web.*" 30m "rolling restart"';

export const DEFAULT_SILENCE_COMMENT = 'silenced from Telegram';
export const MIN_SILENCE_MS = 60_000;
/** Long silences are forgotten silences; a person can always make another. */
export const MAX_SILENCE_MS = 90 * 86_400_000;

/** `/silence <matcher>... <duration> [comment]`; `text` is what follows the command. */
export function parseSilenceArguments(text: string): Parsed<SilenceArguments> {
  const fail = (reason: string): Parsed<SilenceArguments> => refused(SILENCE_USAGE, reason);
  const tokenized = tokenize(text);
  if (!tokenized.ok) return fail(tokenized.reason);
  const { tokens } = tokenized;
  if (tokens.length === 0) return fail('give at least one matcher and a duration');

  const matchers: Matcher[] = [];
  let durationAt = -1;
  for (const [i, token] of tokens.entries()) {
    if (parseDuration(token.raw) !== undefined) {
      durationAt = i;
      break;
    }
    const result = parseMatcher(token.raw);
    if ('reason' in result) return fail(result.reason);
    if ('notAMatcher' in result) return fail(notAMatcherReason(token.raw, matchers.length));
    matchers.push(result.matcher);
  }
  const durationToken = tokens[durationAt];
  if (durationToken === undefined) return fail('the duration is missing, e.g. 2h or 30m after the matchers');
  if (matchers.length === 0) return fail('give at least one matcher before the duration, e.g. instance=web1:9100');

  const durationMs = parseDuration(durationToken.raw) ?? 0;
  if (durationMs < MIN_SILENCE_MS) return fail(`${durationToken.raw} is shorter than the minimum of 1m`);
  if (durationMs > MAX_SILENCE_MS) return fail(`${quoteInput(durationToken.raw)} is longer than the maximum of ${formatDuration(MAX_SILENCE_MS)}`);
  if (matchers.every(matchesEmpty)) {
    return fail('these matchers also match alerts without those labels, so the silence would match every alert; add one that needs a value, e.g. instance=web1:9100');
  }
  return parsed({ matchers, durationMs, comment: comment(tokenized.text.slice(durationToken.end)) });
}

/** The rest of the line as typed; one quoted string loses its quotes. Blank (`""`, `" "`) is no comment. */
function comment(rest: string): string {
  const text = rest.trim();
  const value = isQuoted(text) ? tokenValue(text) : text;
  return value.trim() === '' ? DEFAULT_SILENCE_COMMENT : value;
}

function notAMatcherReason(raw: string, matchersSoFar: number): string {
  if (/^\d+$/.test(raw)) return `the duration ${raw} needs a unit: ${raw}m, ${raw}h or ${raw}d`;
  if (/^\d/.test(raw)) return `${quoteInput(raw)} is not a duration (e.g. 90s, 30m, 2h, 1d, 1w or 1h30m)`;
  return matchersSoFar === 0
    ? `${quoteInput(raw)} is not a matcher (e.g. instance=web1:9100 or alertname=~"Host.*")`
    : `${quoteInput(raw)} is neither a matcher nor a duration (e.g. 2h)`;
}
