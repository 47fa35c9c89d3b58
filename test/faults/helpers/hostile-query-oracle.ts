import { OUT_OF_RANGE_DATES } from './hostile-dates.js';
import { errorEnvelope, type RawHttpClient } from './hostile-http.js';
import { DEFAULT_LIMIT, type QueryCase } from './hostile-query-cases.js';
import { MAX_ERROR_MESSAGE } from './hostile-webhook-oracle.js';

export const NOTIFICATIONS_PATH = '/api/v1/notifications';

interface Notification {
  id: string;
  status: string;
  alertname: string;
  instance: string;
  severity: string;
  startsAt: string;
  endsAt: string;
}

interface Page {
  notifications: Notification[];
  next_cursor: string | null;
}

export class QueryTally {
  cases = 0;
  pinned = 0;
  readonly statuses = new Map<number, number>();
  serverErrors = 0;
  recordsChecked = 0;
  pagesFollowed = 0;

  figures(): Record<string, number | string> {
    return {
      cases: this.cases,
      cases_with_known_answer: this.pinned,
      statuses: [...this.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}:${n}`).join(' '),
      '5xx_seen': this.serverErrors,
      records_checked_against_filters: this.recordsChecked,
      next_pages_followed: this.pagesFollowed,
    };
  }
}

const YEAR_0000 = -62_167_219_200_000;
const YEAR_10000 = 253_402_300_800_000;

/** The event time in ms; NaN when unparsable or outside years 0000-9999 in UTC, where the bridge's order is not defined (see OUT_OF_RANGE_DATES). */
function eventMs(n: Notification): number {
  const ms = Date.parse(n.status === 'firing' ? n.startsAt : n.endsAt);
  return ms >= YEAR_0000 && ms < YEAR_10000 ? ms : NaN;
}

/** Why a record should not be on a page with these filters, or undefined. */
function misfit(n: Notification, filters: Readonly<Record<string, string | string[]>>): string | undefined {
  for (const name of ['alertname', 'instance', 'severity', 'status'] as const) {
    const wanted = filters[name];
    if (typeof wanted === 'string' && n[name] !== wanted) return `${name} ${JSON.stringify(n[name])} is not ${JSON.stringify(wanted)}`;
  }
  const time = eventMs(n);
  const since = Date.parse(String(filters.since));
  const until = Date.parse(String(filters.until));
  // Milliseconds only: a record within 1 ms of a bound may be on either side of it.
  if (!Number.isNaN(time) && !Number.isNaN(since) && time < since - 1) return `event time ${time} is before since`;
  if (!Number.isNaN(time) && !Number.isNaN(until) && time > until + 1) return `event time ${time} is not before until`;
  return undefined;
}

function checkPage(page: Page, filters: Readonly<Record<string, string | string[]>>, limit: number, tally: QueryTally): void {
  if (!Array.isArray(page.notifications) || !(page.next_cursor === null || typeof page.next_cursor === 'string')) {
    throw new Error(`not a page: ${JSON.stringify(page).slice(0, 200)}`);
  }
  if (page.notifications.length > limit) throw new Error(`${page.notifications.length} records on a page of ${limit}`);
  let previous = Infinity;
  for (const n of page.notifications) {
    const why = misfit(n, filters);
    if (why) throw new Error(`record ${n.id} does not match the filters: ${why}`);
    const time = eventMs(n);
    if (!Number.isNaN(time)) {
      if (time > previous + 1) throw new Error(`records are not newest first at ${n.id}`);
      previous = time;
    }
    tally.recordsChecked++;
  }
}

/** Sends one query and checks the answer; a page's next_cursor is followed once, which must neither repeat nor go back. */
export async function getQueryCase(client: RawHttpClient, token: string, c: QueryCase, tally: QueryTally): Promise<void> {
  const auth = { Authorization: `Bearer ${token}` };
  const response = await client.send('GET', `${NOTIFICATIONS_PATH}?${c.query}`, auth);
  tally.cases++;
  if (c.expect !== undefined) tally.pinned++;
  tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
  if (response.status >= 500) tally.serverErrors++;
  const text = response.body.toString('utf8');
  if (response.status !== 200 && response.status !== 400) throw new Error(`answered ${response.status}: ${text.slice(0, 300)}`);
  if (c.expect !== undefined && response.status !== c.expect) throw new Error(`expected ${c.expect}, got ${response.status}: ${text.slice(0, 300)}`);
  if (response.status === 400) {
    const envelope = errorEnvelope(response);
    if (envelope?.status !== 400 || typeof envelope.message !== 'string' || envelope.message === '') throw new Error(`not an error envelope: ${text.slice(0, 300)}`);
    if (envelope.message.length > MAX_ERROR_MESSAGE) throw new Error(`error message of ${envelope.message.length} characters echoes the input`);
    return;
  }
  const { since, until } = c.parsed;
  const filters = OUT_OF_RANGE_DATES.includes(String(since)) || OUT_OF_RANGE_DATES.includes(String(until)) ? {} : c.parsed;
  const limit = typeof c.parsed.limit === 'string' ? Number(c.parsed.limit) : DEFAULT_LIMIT;
  const page = JSON.parse(text) as Page;
  checkPage(page, filters, limit, tally);
  if (page.next_cursor === null) return;

  const next = new URLSearchParams(Object.entries(c.parsed).filter(([name]) => name !== 'cursor') as [string, string][]);
  next.set('cursor', page.next_cursor);
  const following = await client.send('GET', `${NOTIFICATIONS_PATH}?${next.toString()}`, auth);
  if (following.status !== 200) throw new Error(`the next_cursor the bridge issued got ${following.status}: ${following.body.toString('utf8').slice(0, 300)}`);
  const nextPage = JSON.parse(following.body.toString('utf8')) as Page;
  checkPage(nextPage, filters, limit, tally);
  const seen = new Set(page.notifications.map((n) => n.id));
  const repeated = nextPage.notifications.find((n) => seen.has(n.id));
  if (repeated) throw new Error(`record ${repeated.id} is on two pages`);
  const [last, first] = [page.notifications.at(-1), nextPage.notifications[0]];
  if (last && first && eventMs(first) > eventMs(last) + 1) throw new Error('the next page starts newer than this one ends');
  tally.pagesFollowed++;
}

/**
 * Counts the records with event times in [since, until) by following next_cursor through pages of
 * 1000, failing on a record seen twice or a cursor the bridge refuses.
 */
export async function countThroughApi(client: RawHttpClient, token: string, since: string, until: string): Promise<number> {
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams({ since, until, limit: '1000', ...(cursor === null ? {} : { cursor }) });
    const response = await client.send('GET', `${NOTIFICATIONS_PATH}?${params.toString()}`, { Authorization: `Bearer ${token}` });
    if (response.status !== 200) throw new Error(`paging the history got ${response.status} after ${seen.size} records: ${response.body.toString('utf8').slice(0, 200)}`);
    const page = JSON.parse(response.body.toString('utf8')) as Page;
    for (const n of page.notifications) {
      if (seen.has(n.id)) throw new Error(`record ${n.id} came twice while paging`);
      seen.add(n.id);
    }
    cursor = page.next_cursor;
  } while (cursor !== null);
  return seen.size;
}
