import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { testAlert, testWebhook } from '../../alert-bridge/test/helpers/webhooks.js';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { makeTempDir } from '../helpers/processes.js';
import { rawHttpClient } from './helpers/hostile-http.js';
import { followUp, push, rssKiB, sampleRss, stall, trickle } from './helpers/hostile-sockets.js';
import { recordResult } from './helpers/reliability-report.js';

// Slow and oversized clients against the built bridge process: memory stays bounded (VmRSS), bodies
// over 1 MiB get 413 before they are read, headers over Node's 16 KiB get 431, and connections that
// stop sending are closed. One bridge serves every test, as one would face an attacker.

const PROMISE = 'Slow or oversized clients cannot exhaust the bridge';
const TOKEN = 'slow-clients-token-5d2b';
const MiB = 1024 * 1024;
const BODY_LIMIT = MiB;

const SLOWLORIS_CONNECTIONS = 200;
const BIG_BODY_BYTES = 50 * MiB;
const BIG_BODIES = 3;
/** How much the bridge's RSS may grow while all of the above is under way (the attack sends 300 MiB). */
const RSS_GROWTH_BOUND_KIB = 64 * 1024;
/**
 * alert-bridge/src/main.ts: headersTimeout 10 s, requestTimeout 30 s, checked every 5 s
 * (connectionsCheckingInterval); the deadlines leave a few seconds on top.
 */
const HEADERS_DEADLINE_MS = 20_000;
const STALLED_BODY_DEADLINE_MS = 40_000;

const temp = await makeTempDir('hostile-slow');
const bridge = await startBridgeProcess({ token: TOKEN, dataDir: temp.path });
t.teardown(async () => {
  await bridge.process.stop();
  await temp.remove();
});
const port = Number(new URL(bridge.url).port);
const pid = bridge.process.child.pid as number;
const client = rawHttpClient(bridge.url);
t.teardown(() => client.close());
const auth = { Authorization: `Bearer ${TOKEN}` };
const webhookHead = (length: number | 'chunked', extra = ''): string =>
  `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\n${
    length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`
  }\r\n${extra}\r\n`;

/** A valid webhook padded with trailing spaces to exactly `bytes`. */
function webhookOfSize(bytes: number): Buffer {
  const json = JSON.stringify(testWebhook([testAlert({ labels: { alertname: 'Padded', instance: `pad-${bytes}` } })]));
  return Buffer.from(json.padEnd(bytes, ' '));
}

const figures: Record<string, number | string> = {};
t.teardown(() => recordResult(PROMISE, 'hostile-slow-clients', figures));

t.test('bodies: 413 above 1 MiB, before the body is read; 1 MiB exactly is fine', async (t) => {
  const atLimit = await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json' }, webhookOfSize(BODY_LIMIT));
  t.equal(atLimit.status, 200, `exactly 1 MiB: ${atLimit.body.toString('utf8').slice(0, 200)}`);
  const over = await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json' }, webhookOfSize(BODY_LIMIT + 1));
  t.equal(over.status, 413, '1 MiB and one byte');
  t.match(over.body.toString('utf8'), /"status":413/);

  // Content-Length says 50 MiB: the answer comes before a single body byte is sent.
  const declared = await push(port, webhookHead(BIG_BODY_BYTES), 0, { chunked: false, waitMs: 5000 });
  t.equal(declared.status, 413, 'Content-Length: 50 MiB gets 413 with no body sent');
  // Chunked, so the bridge must count: it stops after about 1 MiB, long before 50.
  const chunked = await push(port, webhookHead('chunked'), BIG_BODY_BYTES, { chunked: true });
  t.equal(chunked.status, 413, 'a chunked 50 MiB body gets 413');
  t.ok(chunked.bytesSentAtResponse < 16 * MiB, `answered after ${(chunked.bytesSentAtResponse / MiB).toFixed(1)} MiB of 50 had been written (the rest is socket buffers)`);
  // 50 MiB of spaces gzip to 50 KiB: the limit counts what it inflates to.
  const bomb = await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Connection: 'close' }, gzipSync(Buffer.alloc(BIG_BODY_BYTES, 0x20)));
  t.equal(bomb.status, 413, 'a gzip bomb (50 KiB inflating to 50 MiB) gets 413');
  Object.assign(figures, { chunked_50MiB_written_before_413_MiB: Number((chunked.bytesSentAtResponse / MiB).toFixed(1)) });
});

t.test('headers: 431 above 16 KiB, one header or many', async (t) => {
  const one = await client.send('GET', '/healthz', { 'X-Big': 'a'.repeat(17 * 1024) });
  t.equal(one.status, 431, 'one 17 KiB header');
  const many = await client.send('GET', '/healthz', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`X-H${i}`, 'b'.repeat(60)])));
  t.equal(many.status, 431, '300 headers of 60 bytes');
  const token = await client.send('GET', '/api/v1/notifications', { Authorization: `Bearer ${'c'.repeat(20 * 1024)}` });
  t.equal(token.status, 431, 'a 20 KiB bearer token');
  t.equal((await client.send('GET', '/healthz')).status, 200, 'the bridge answers afterwards');
});

t.test('a body refused half-read does not leave its connection hanging', async (t) => {
  const body = Buffer.alloc(BODY_LIMIT + 300_000, 0x20);
  const chunkedRequest = Buffer.concat([Buffer.from(webhookHead('chunked')), Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
  // Random bytes do not compress, so the gzip stream is still arriving when the limit is reached.
  const gzipped = gzipSync(randomBytes(BODY_LIMIT + 300_000));
  const gzipRequest = Buffer.concat([Buffer.from(webhookHead(gzipped.length, 'Content-Encoding: gzip\r\n')), gzipped]);
  const next = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
  for (const [name, request] of [['chunked', chunkedRequest], ['gzip', gzipRequest]] as const) {
    const outcome = await followUp(port, request, next, 3000);
    t.match(outcome.firstResponse, /^HTTP\/1\.1 413 /, `${name}: 413`);
    t.not(outcome.second, 'hanging', `${name}: the next request on the connection is answered, or the connection closed (${outcome.second})`);
    t.ok(outcome.second === 'answered' || /\r\nConnection: close\r\n/i.test(outcome.firstResponse), `${name}: a connection that will not be reused says Connection: close`);
  }
});

t.test(`${SLOWLORIS_CONNECTIONS} slowloris connections, stalled bodies and ${BIG_BODIES} × 50 MiB bodies at once: memory bounded, service goes on`, async (t) => {
  // Warm up (JIT, SQLite pages, pools) so that the baseline is the bridge at work, not at rest.
  for (let i = 0; i < 50; i++) await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json' }, webhookOfSize(2000 + i));
  const baseline = rssKiB(pid);
  const sampler = sampleRss(pid);
  const started = Date.now();

  const slowloris = Array.from({ length: SLOWLORIS_CONNECTIONS }, (_, i) =>
    trickle(port, `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-${i}: `, { intervalMs: 1000, giveUpMs: HEADERS_DEADLINE_MS }),
  );
  const stalled = Array.from({ length: 5 }, () => stall(port, `${webhookHead(4096)}{"version":"4",`, STALLED_BODY_DEADLINE_MS));
  const big = Array.from({ length: BIG_BODIES }, () => push(port, webhookHead(BIG_BODY_BYTES), BIG_BODY_BYTES, { chunked: false }));
  const bigChunked = Array.from({ length: BIG_BODIES }, () => push(port, webhookHead('chunked'), BIG_BODY_BYTES, { chunked: true }));

  // While all that is open, the bridge still does its job.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const during = await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json' }, webhookOfSize(3000));
  t.equal(during.status, 200, 'a webhook is stored while the attack is under way');
  t.equal((await client.send('GET', '/healthz')).status, 200, '/healthz answers');

  const bigResults = await Promise.all([...big, ...bigChunked]);
  t.same(bigResults.map((r) => r.status), Array(2 * BIG_BODIES).fill(413), 'every 50 MiB body gets 413');
  const stalledEnds = await Promise.all(stalled);
  const slowEnds = await Promise.all(slowloris);
  const peak = sampler.stop();
  const after = rssKiB(pid);

  const slowClosed = slowEnds.filter((end) => end.closedAfterMs !== Infinity);
  t.equal(slowClosed.length, SLOWLORIS_CONNECTIONS, `every slowloris connection is closed within ${HEADERS_DEADLINE_MS / 1000} s`);
  t.ok(slowEnds.every((end) => end.received === '' || /^HTTP\/1\.1 408 /.test(end.received)), 'with nothing or a 408');
  const stalledClosed = stalledEnds.filter((end) => end.closedAfterMs !== Infinity);
  t.equal(stalledClosed.length, stalled.length, `a body that stops half-way is cut off within ${STALLED_BODY_DEADLINE_MS / 1000} s`);
  t.ok(peak - baseline < RSS_GROWTH_BOUND_KIB, `RSS grew by ${Math.round((peak - baseline) / 1024)} MiB at most (bound ${RSS_GROWTH_BOUND_KIB / 1024} MiB)`);
  t.equal(bridge.process.child.exitCode, null, 'the bridge is still running');
  t.equal((await client.send('GET', '/healthz')).status, 200, '/healthz answers afterwards');

  const slowest = Math.max(...slowClosed.map((end) => end.closedAfterMs));
  Object.assign(figures, {
    slowloris_connections: SLOWLORIS_CONNECTIONS,
    slowloris_closed: slowClosed.length,
    slowloris_closed_within_s: Number.isFinite(slowest) ? Math.round(slowest / 1000) : 'n/a',
    stalled_bodies: stalled.length,
    stalled_bodies_closed_within_deadline: stalledClosed.length,
    stalled_body_deadline_s: STALLED_BODY_DEADLINE_MS / 1000,
    big_bodies_50MiB: 2 * BIG_BODIES,
    rss_before_MiB: Math.round(baseline / 1024),
    rss_peak_MiB: Math.round(peak / 1024),
    rss_after_MiB: Math.round(after / 1024),
    rss_bound_MiB: RSS_GROWTH_BOUND_KIB / 1024,
    crashes: bridge.process.child.exitCode === null ? 0 : 1,
    seconds: Math.round((Date.now() - started) / 1000),
  });
  t.comment(JSON.stringify(figures));
});
