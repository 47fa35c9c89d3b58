import fc from 'fast-check';
import { dateVerdict, INVALID_DATES, OUT_OF_RANGE_DATES, VALID_DATES, type Verdict } from './hostile-dates.js';
import { hostileString } from './hostile-strings.js';

/** GET /api/v1/notifications's parameters (alert-bridge/src/api/notifications-query.ts), as its OpenAPI document lists them. */
export const QUERY_PARAMETERS = ['alertname', 'instance', 'severity', 'status', 'since', 'until', 'limit', 'cursor'] as const;
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
const MAX_CURSOR_LENGTH = 2048;

/** Values the history holds, so that some fuzzed filters match something. */
export interface QueryPools {
  readonly alertnames: readonly string[];
  readonly instances: readonly string[];
  readonly severities: readonly string[];
  /** next_cursor values the bridge issued. */
  readonly cursors: readonly string[];
}

export interface QueryCase {
  /** After the `?`, as sent. */
  readonly query: string;
  /** What Koa 3's ctx.query makes of it (URLSearchParams): a repeated name holds an array. */
  readonly parsed: Readonly<Record<string, string | string[]>>;
  /** 200 or 400; undefined when some value's validity is not known. */
  readonly expect: 200 | 400 | undefined;
}

const wellFormed = (text: string): string => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const LIMITS = ['1', '2', '100', '1000', '1001', '0', '-1', '007', '1e3', '1.0', ' 1', '0x10', 'NaN', 'Infinity', '', '999999999', '1000000000', '100000000000000000000000'];
const STATUSES = ['firing', 'resolved', 'FIRING', 'Firing', 'firing ', '', 'pending', 'firing,resolved'];

function tamperedCursors(cursors: readonly string[]): fc.Arbitrary<string> {
  const garbage = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 80 }),
    fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')),
    fc.record({ t: fc.oneof(fc.constantFrom(...VALID_DATES), hostileString), id: hostileString }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
    fc.constantFrom('A'.repeat(MAX_CURSOR_LENGTH), 'A'.repeat(MAX_CURSOR_LENGTH + 1), '====', 'eyJ0IjoxfQ', '%00', 'null', 'e30'),
  );
  if (cursors.length === 0) return garbage;
  const issued = fc.constantFrom(...cursors);
  const flipped = fc.tuple(issued, fc.nat(), fc.constantFrom(...'AZaz09-_')).map(([cursor, at, char]) => {
    const i = at % cursor.length;
    return cursor.slice(0, i) + char + cursor.slice(i + 1);
  });
  return fc.oneof(issued, flipped, garbage);
}

function valueFor(name: string, pools: QueryPools): fc.Arbitrary<string> {
  const filterValue = (pool: readonly string[]) => (pool.length > 0 ? fc.oneof(fc.constantFrom(...pool), hostileString) : hostileString);
  switch (name) {
    case 'alertname':
      return filterValue(pools.alertnames);
    case 'instance':
      return filterValue(pools.instances);
    case 'severity':
      return filterValue(pools.severities);
    case 'status':
      return fc.oneof(fc.constantFrom(...STATUSES), hostileString);
    case 'since':
    case 'until':
      return fc.oneof(fc.constantFrom(...VALID_DATES, ...INVALID_DATES, ...OUT_OF_RANGE_DATES), hostileString);
    case 'limit':
      return fc.oneof(fc.constantFrom(...LIMITS), fc.integer({ min: -5, max: 2000 }).map(String));
    case 'cursor':
      return tamperedCursors(pools.cursors);
    default:
      return fc.oneof(hostileString, fc.constantFrom('1', ''));
  }
}

const parameterName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...QUERY_PARAMETERS) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'limit[]', 'limit[0]', 'a.b', '', 'LIMIT', ' limit', 'access_token', 'q') },
  { weight: 1, arbitrary: hostileString },
);

/** One name=value, percent-encoded as a client would; sometimes left raw, `%`, `&`, `=` and `+` included. */
const pair = (pools: QueryPools): fc.Arbitrary<string> =>
  parameterName.chain((name) =>
    fc.oneof(
      { weight: 8, arbitrary: valueFor(name, pools).map((value) => `${encodeURIComponent(wellFormed(name))}=${encodeURIComponent(wellFormed(value))}`) },
      { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'%&=+;?/abc019AF'), maxLength: 12 }).map((raw) => `${encodeURIComponent(wellFormed(name))}=${raw}`) },
      { weight: 1, arbitrary: fc.constant(encodeURIComponent(wellFormed(name))) },
    ),
  );

/** Koa 3's lib/search-params.js parse. */
function parseLikeKoa(query: string): Record<string, string | string[]> {
  const params = new URLSearchParams(query);
  const parsed: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    Object.defineProperty(parsed, name, { value: values.length === 1 ? values[0] : values, enumerable: true, writable: true, configurable: true });
  }
  return parsed;
}

/** Query strings with known, unknown, repeated and broken parameters. */
export function queryCase(pools: QueryPools): fc.Arbitrary<QueryCase> {
  return fc.array(pair(pools), { maxLength: 6 }).map((pairs) => {
    const query = pairs.join('&');
    const parsed = parseLikeKoa(query);
    return Object.assign({ query, parsed, expect: expectation(parsed, pools) }, { [fc.toStringMethod]: () => `?${query}` });
  });
}

function limitVerdict(value: string): Verdict {
  return /^\d{1,9}$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_LIMIT ? 'valid' : 'invalid';
}

function cursorVerdict(value: string, pools: QueryPools): Verdict {
  if (value === '' || value.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(value)) return 'invalid';
  return pools.cursors.includes(value) ? 'valid' : 'unknown';
}

function expectation(parsed: Readonly<Record<string, string | string[]>>, pools: QueryPools): 200 | 400 | undefined {
  const verdicts: Verdict[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (!(QUERY_PARAMETERS as readonly string[]).includes(name) || Array.isArray(value)) return 400;
    if (name === 'limit') verdicts.push(limitVerdict(value));
    else if (name === 'status') verdicts.push(value === 'firing' || value === 'resolved' ? 'valid' : 'invalid');
    else if (name === 'since' || name === 'until') verdicts.push(dateVerdict(value));
    else if (name === 'cursor') verdicts.push(cursorVerdict(value, pools));
  }
  if (verdicts.includes('invalid')) return 400;
  if (verdicts.includes('unknown')) return undefined;
  const { since, until } = parsed as Record<string, string | undefined>;
  if (OUT_OF_RANGE_DATES.includes(since ?? '') || OUT_OF_RANGE_DATES.includes(until ?? '')) return undefined; // see OUT_OF_RANGE_DATES
  if (since !== undefined && until !== undefined) {
    const [from, to] = [Date.parse(since), Date.parse(until)];
    // Date.parse knows milliseconds, not every RFC 3339 spelling: only clear cases are pinned.
    if (Number.isNaN(from) || Number.isNaN(to) || Math.abs(from - to) <= 1) return undefined;
    return from < to ? 200 : 400;
  }
  return 200;
}
