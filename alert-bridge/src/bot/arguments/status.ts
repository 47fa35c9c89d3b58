import { parsed, refused, type Parsed } from './parsed.js';
import { tokenize, tokenValue } from './tokens.js';

export interface StatusArguments {
  /** Only this host (an `instance`, e.g. web1:9100); every host when absent. */
  readonly host?: string;
}

export const STATUS_USAGE = 'Usage: /status [host], e.g. /status or /status web1:9100';

/** `/status [host]`; `text` is what follows the command. */
export function parseStatusArguments(text: string): Parsed<StatusArguments> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return refused(STATUS_USAGE, tokenized.reason);
  const [first, ...rest] = tokenized.tokens;
  if (first === undefined) return parsed({});
  if (rest.length > 0) return refused(STATUS_USAGE, 'give at most one host');
  const host = tokenValue(first.raw);
  if (host === '') return refused(STATUS_USAGE, 'the host is empty');
  return parsed({ host });
}
