import { readFileSync } from 'node:fs';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { INVALID_DATES, OUT_OF_RANGE_DATES, VALID_DATES } from './hostile-dates.js';
import { mutated, type Mutation } from './hostile-mutations.js';
import { hostileString, printable } from './hostile-strings.js';
import { bodyVerdict } from './hostile-webhook-verdict.js';

/** The bridge's body limit (alert-bridge/src/http/json-body.ts), counted after decompression. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const FIXTURES = new URL('../../../../shared/fixtures/alertmanager-0.25/', import.meta.url);
export const FIXTURE_BODIES: readonly Buffer[] = ['firing-single.json', 'resolved-single.json'].map((name) => readFileSync(new URL(name, FIXTURES)));

/** One request to POST /webhook and the answer it must get. */
export interface WebhookCase {
  readonly kind: string;
  readonly headers: Record<string, string>;
  /** On the wire. */
  readonly body: Buffer;
  /** The JSON the body carries once decompressed, when it parses. */
  readonly json: unknown;
  /** 200, 400, 413 or 415; undefined when the case's validity is not known and only the invariants apply. */
  readonly expect: number | undefined;
}

interface Payload {
  readonly kind: string;
  readonly bytes: Buffer;
}

const labels = (extra: Record<string, string>) =>
  fc.array(fc.tuple(hostileString, hostileString), { maxLength: 6 }).map((pairs) => {
    const map: Record<string, string> = {};
    for (const [name, value] of pairs) Object.defineProperty(map, name, { value, enumerable: true, writable: true, configurable: true });
    return { ...map, ...extra };
  });

const date = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...VALID_DATES) }, { weight: 1, arbitrary: fc.constantFrom(...OUT_OF_RANGE_DATES) });

const alert = fc.record({
  status: fc.constantFrom('firing', 'resolved'),
  labels: fc.tuple(hostileString, hostileString).chain(([alertname, instance]) => labels({ alertname, instance })),
  annotations: labels({}),
  startsAt: date,
  endsAt: date,
  generatorURL: hostileString,
  fingerprint: hostileString,
});

/** A well-formed webhook with hostile but legal contents: unicode and control characters, odd dates. */
export const generatedWebhook = fc.record({
  version: fc.constant('4'),
  groupKey: hostileString,
  truncatedAlerts: fc.nat(),
  status: fc.constantFrom('firing', 'resolved'),
  receiver: hostileString,
  groupLabels: labels({}),
  commonLabels: labels({}),
  commonAnnotations: labels({}),
  externalURL: hostileString,
  alerts: fc.array(alert, { maxLength: 20 }),
});

const baseWebhook: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...FIXTURE_BODIES).map((bytes) => JSON.parse(bytes.toString('utf8')) as unknown),
  generatedWebhook,
);

const jsonValue = fc.jsonValue({ maxDepth: 3 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(jsonValue, fc.double(), fc.constantFrom(0, -1, 4, 1e308, -0, null, true, [], {})) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.oneof(hostileString, fc.constantFrom(...VALID_DATES, ...INVALID_DATES, ...OUT_OF_RANGE_DATES)) }),
  fc.record({ kind: fc.constant('huge' as const), at: fc.nat(), length: fc.integer({ min: 10_000, max: 600_000 }), unit: fc.constantFrom('x', 'é', '💥', '\u0000', '\\', '"') }),
  fc.record({ kind: fc.constant('extra' as const), at: fc.nat(), key: fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString')), value: jsonValue }),
  fc.record({ kind: fc.constant('deep' as const), at: fc.nat(), depth: fc.integer({ min: 100, max: 100_000 }), shape: fc.constantFrom('array' as const, 'object' as const) }),
);

const mutatedPayload: fc.Arbitrary<Payload> = fc
  .tuple(baseWebhook, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([base, mutations]) => ({ kind: 'mutated', bytes: Buffer.from(mutated(base, mutations)) }));

/** Thousands of small alerts, on both sides of the 1 MiB limit. */
const bulkPayload: fc.Arbitrary<Payload> = fc.record({ count: fc.integer({ min: 500, max: 5200 }), seed: fc.nat() }).map(({ count, seed }) => {
  const alerts = Array.from({ length: count }, (_, i) => ({
    status: 'firing',
    labels: { alertname: 'BulkAlert', instance: `bulk-${seed}-${i}:9100`, severity: 'info' },
    annotations: {},
    startsAt: '2026-11-22T12:28:40.309Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph',
    fingerprint: `${seed}-${i}`,
  }));
  const body = { version: '4', groupKey: `bulk-${seed}`, status: 'firing', receiver: 'bridge', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts };
  return { kind: 'bulk', bytes: Buffer.from(JSON.stringify(body)) };
});

const rawPayload: fc.Arbitrary<Payload> = fc.oneof(
  fc.jsonValue().map((value) => ({ kind: 'json', bytes: Buffer.from(JSON.stringify(value) ?? 'null') })),
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ kind: 'bytes', bytes: Buffer.from(bytes) })),
  fc.tuple(fc.constantFrom(...FIXTURE_BODIES), fc.nat()).map(([bytes, cut]) => ({ kind: 'truncated', bytes: bytes.subarray(0, cut % bytes.length) })),
  fc.tuple(fc.constantFrom(...FIXTURE_BODIES), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([bytes, at, byte]) => {
    const copy = Buffer.from(bytes);
    copy[at % copy.length] = byte;
    return { kind: 'flipped-byte', bytes: copy };
  }),
);

const payload: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIXTURE_BODIES).map((bytes) => ({ kind: 'fixture', bytes })) },
  { weight: 8, arbitrary: generatedWebhook.map((body) => ({ kind: 'generated', bytes: Buffer.from(JSON.stringify(body)) })) },
  { weight: 20, arbitrary: mutatedPayload },
  { weight: 1, arbitrary: bulkPayload },
  { weight: 8, arbitrary: rawPayload },
);

/** How a body travels: its content type and encoding, and what that alone decides. */
interface Transport {
  readonly contentType: string | undefined;
  /** false: not JSON (415); undefined: a spelling whose treatment is not pinned down. */
  readonly json: boolean | undefined;
  readonly encoding: 'none' | 'identity' | 'gzip' | 'deflate' | 'br' | 'broken-gzip' | 'broken-br' | 'x-unknown';
  readonly chunked: boolean;
}

const transport: fc.Arbitrary<Transport> = fc.record({
  contentType: fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/vnd.alertmanager+json') },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x') },
    { weight: 1, arbitrary: fc.constantFrom('APPLICATION/JSON', 'application/json; charset=latin1') },
  ),
  encoding: fc.oneof(
    { weight: 14, arbitrary: fc.constant('none' as const) },
    { weight: 1, arbitrary: fc.constantFrom('identity' as const, 'gzip' as const, 'deflate' as const, 'br' as const) },
    { weight: 1, arbitrary: fc.constantFrom('broken-gzip' as const, 'broken-br' as const, 'x-unknown' as const) },
  ),
  chunked: fc.boolean(),
}).map((t) => ({
  ...t,
  json: t.contentType === undefined || !/json/i.test(t.contentType) ? false : /^application\/(json|vnd\.alertmanager\+json)(; charset=utf-8)?$/.test(t.contentType) ? true : undefined,
}));

const ENCODERS: Partial<Record<Transport['encoding'], (bytes: Buffer) => Buffer>> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

function expectation(t: Transport, bytes: Buffer, verdict: string): number | undefined {
  if (t.json === false) return 415;
  if (t.json === undefined) return undefined;
  if (t.encoding === 'x-unknown') return 415;
  if (t.encoding.startsWith('broken-')) return 400;
  if (bytes.length > BODY_LIMIT_BYTES) return 413;
  return verdict === 'valid' ? 200 : verdict === 'invalid' ? 400 : undefined;
}

function buildCase([p, t]: [Payload, Transport]): WebhookCase {
  const headers: Record<string, string> = {};
  if (t.contentType !== undefined) headers['Content-Type'] = t.contentType;
  if (t.chunked) headers['Transfer-Encoding'] = 'chunked';
  const name = t.encoding.replace(/^broken-/, '');
  if (t.encoding !== 'none') headers['Content-Encoding'] = name;
  // A body refused half-read (a stream over the limit, a broken one) leaves its kept-alive connection
  // hanging (see hostile-slow-clients.test.ts); such cases get a connection of their own.
  if (t.chunked || (t.encoding !== 'none' && t.encoding !== 'identity')) headers.Connection = 'close';
  const body = ENCODERS[t.encoding]?.(p.bytes) ?? p.bytes;
  const { verdict, json } = bodyVerdict(p.bytes);
  const described = printable(`${p.kind} ${t.encoding} ${JSON.stringify(headers)} ${p.bytes.length} bytes: ${p.bytes.subarray(0, 300).toString('utf8')}`);
  return Object.assign({ kind: p.kind, headers, body, json, expect: expectation(t, p.bytes, verdict) }, { [fc.toStringMethod]: () => described });
}

/** Requests to POST /webhook, from Alertmanager's own bodies to arbitrary bytes. */
export const webhookCase: fc.Arbitrary<WebhookCase> = fc.tuple(payload, transport).map(buildCase);
