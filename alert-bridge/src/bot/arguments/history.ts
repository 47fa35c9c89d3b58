import { parsed, quoteInput, refused, type Parsed } from './parsed.js';
import { tokenize, tokenValue } from './tokens.js';

export interface HistoryFilter {
  readonly label: 'instance' | 'alertname';
  readonly value: string;
}

export interface HistoryArguments {
  readonly filter?: HistoryFilter;
  /** 1 for the newest page. */
  readonly page: number;
}

export const HISTORY_USAGE = 'Usage: /history [host or alertname] [page], e.g. /history web1:9100 2 or /history HostHighCpu';

/** `/history [host|alertname] [page]`; `text` is what follows the command. A lone number is a page. */
export function parseHistoryArguments(text: string): Parsed<HistoryArguments> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return refused(HISTORY_USAGE, tokenized.reason);
  const values = tokenized.tokens.map((t) => tokenValue(t.raw));
  if (values.length > 2) return refused(HISTORY_USAGE, 'give at most a host or alert name and a page number');
  const [first, second] = values;
  if (first === undefined) return parsed({ page: 1 });
  if (second === undefined && /^[+-]?\d+$/.test(first)) return page(first, undefined);
  if (first === '') return refused(HISTORY_USAGE, 'the host or alert name is empty');
  return page(second ?? '1', classify(first));
}

/**
 * Instances are `host:port` or a dotted name or address; alert names are identifiers. The bot cannot
 * know every instance, so the shape decides.
 */
export function classify(value: string): HistoryFilter {
  return { label: /[:.]/.test(value) ? 'instance' : 'alertname', value };
}

function page(text: string, filter: HistoryFilter | undefined): Parsed<HistoryArguments> {
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number) || number < 1) return refused(HISTORY_USAGE, `the page must be a whole number from 1, not ${quoteInput(text)}`);
  return parsed(filter === undefined ? { page: number } : { filter, page: number });
}
