import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import t, { type Test } from 'tap';
import { startTestBridge, TEST_TOKEN } from '../../alert-bridge/test/helpers/bridge.js';
import { testAlert, testWebhook } from '../../alert-bridge/test/helpers/webhooks.js';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { makeTempDir } from '../helpers/processes.js';
import { startFakeBotApi } from '../helpers/telegram-bot-api.js';
import { OUT_OF_RANGE_DATES } from './helpers/hostile-dates.js';
import { HistoryFile } from './helpers/hostile-history-file.js';
import { printable } from './helpers/hostile-strings.js';
import { errorEnvelope, rawHttpClient, type RawHttpClient } from './helpers/hostile-http.js';
import { queryCase } from './helpers/hostile-query-cases.js';
import { countThroughApi, getQueryCase, NOTIFICATIONS_PATH, QueryTally } from './helpers/hostile-query-oracle.js';
import { seedHistory } from './helpers/hostile-query-seed.js';
import { rssKiB } from './helpers/hostile-sockets.js';
import { FIXTURE_BODIES, webhookCase } from './helpers/hostile-webhook-cases.js';
import { postWebhookCase, WebhookTally } from './helpers/hostile-webhook-oracle.js';
import { recordResult } from './helpers/reliability-report.js';

// Property-based fuzzing of POST /webhook and GET /api/v1/notifications. The bulk runs against the
// Koa app in this process (createApp, the embedded store in a temp dir); a shorter run repeats it
// against the built bridge as its own process, where a crash would show as an exit. The promises:
// never a 5xx while the store is up, never a crash, never a partial write, and the status the
// generator knows the answer for (helpers/hostile-webhook-verdict.ts, hostile-query-cases.ts).

const PROMISE = 'Hostile input gets a 4xx, never a 5xx, a crash or a partial write';
const IN_PROCESS_RUNS = 2000;
const PROCESS_RUNS = 1000;
/** The API counts records in this window: it leaves out the out-of-range instants (see OUT_OF_RANGE_DATES). */
const WINDOW = { since: '0001-01-01T00:00:00Z', until: '9999-12-31T23:59:59Z' } as const;
const WINDOW_IN_STORE = { since: '0001-01-01T00:00:00.000000000Z', until: '9999-12-31T23:59:59.000000000Z' } as const;

interface Target {
  readonly client: RawHttpClient;
  readonly history: HistoryFile;
  readonly token: string;
  /** Whether the bridge is still up (a process that exited is a crash). */
  alive(): boolean;
  /** What the bridge logged so far. */
  logs(): string;
  /** The bridge's process id (this process's, in-process). */
  readonly pid: number;
}

/** The bridge's last error log line, to explain a 5xx. */
function lastError(target: Target): string {
  const line = target.logs().split('\n').findLast((l) => l.includes('"level":50'));
  return line ? `\nthe bridge logged: ${line.slice(0, 1000)}` : '';
}

async function inProcessTarget(t: Test): Promise<Target> {
  const bridge = await startTestBridge(t);
  const history = new HistoryFile(bridge.embedded.file);
  const client = rawHttpClient(bridge.url);
  t.teardown(() => (client.close(), history.close()));
  return { client, history, token: TEST_TOKEN, alive: () => true, logs: bridge.logs, pid: process.pid };
}

async function processTarget(t: Test): Promise<Target> {
  const temp = await makeTempDir('hostile-fuzzing');
  const token = 'fuzz-token-4c1e9a';
  const bridge = await startBridgeProcess({ token, dataDir: temp.path });
  const history = new HistoryFile(`${temp.path}/history.sqlite`);
  const client = rawHttpClient(bridge.url);
  t.teardown(async () => {
    client.close();
    history.close();
    await bridge.process.stop();
    await temp.remove();
  });
  const child = bridge.process.child;
  return { client, history, token, alive: () => child.exitCode === null && child.signalCode === null, logs: () => bridge.process.output(), pid: child.pid as number };
}

/** fast-check's counterexample and the error it raised, or the message for a pass. */
function failureReport<T>(details: fc.RunDetails<T>, passed: string): string {
  if (!details.failed) return passed;
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return printable(`${error} ${fc.defaultReportMessage(details) ?? ''}`);
}

/** Runs the webhook property; returns the tally after checking it and the history as the API pages it. */
async function fuzzWebhooks(t: Test, target: Target, numRuns: number): Promise<Record<string, number | string>> {
  const tally = new WebhookTally();
  const started = Date.now();
  const details = await fc.check(
    fc.asyncProperty(webhookCase, (c) =>
      postWebhookCase(target.client, target.history, target.token, c, tally).catch((error: Error) => {
        throw new Error(`${error.message}${/^answered 5/.test(error.message) ? lastError(target) : ''}`);
      }),
    ),
    { numRuns },
  );
  t.notOk(details.failed, failureReport(details, 'every case kept the promises'));
  t.equal(tally.serverErrors, 0, 'no 5xx');
  t.equal(tally.partialWrites, 0, 'no partial write');
  t.ok(target.alive(), 'the bridge is still running');
  const health = await target.client.send('GET', '/healthz');
  t.equal(health.status, 200, '/healthz answers');
  const throughApi = await countThroughApi(target.client, target.token, WINDOW.since, WINDOW.until);
  t.equal(throughApi, target.history.countBetween(WINDOW_IN_STORE.since, WINDOW_IN_STORE.until), 'the API pages through every stored record once');
  return { ...tally.figures(), crashes: target.alive() ? 0 : 1, records_in_history: target.history.count(), seed: details.seed, seconds: Math.round((Date.now() - started) / 1000) };
}

async function fuzzQueries(t: Test, target: Target, numRuns: number): Promise<Record<string, number | string>> {
  const pools = await seedHistory(target.client, target.token);
  const tally = new QueryTally();
  const started = Date.now();
  const before = target.history.count();
  const details = await fc.check(
    fc.asyncProperty(queryCase(pools), (c) => getQueryCase(target.client, target.token, c, tally)),
    { numRuns },
  );
  t.notOk(details.failed, failureReport(details, 'every query kept the promises'));
  t.equal(tally.serverErrors, 0, 'no 5xx');
  t.equal(target.history.count(), before, 'reading changed nothing');
  t.ok(target.alive(), 'the bridge is still running');
  return { ...tally.figures(), crashes: target.alive() ? 0 : 1, seed: details.seed, seconds: Math.round((Date.now() - started) / 1000) };
}

t.test(`POST /webhook in-process: ${IN_PROCESS_RUNS} fuzzed bodies`, async (t) => {
  const figures = await fuzzWebhooks(t, await inProcessTarget(t), IN_PROCESS_RUNS);
  t.comment(JSON.stringify(figures));
  await recordResult(PROMISE, 'hostile-fuzzing: POST /webhook, Koa app in-process', figures);
});

t.test(`GET ${NOTIFICATIONS_PATH} in-process: ${IN_PROCESS_RUNS} fuzzed query strings`, async (t) => {
  const figures = await fuzzQueries(t, await inProcessTarget(t), IN_PROCESS_RUNS);
  t.comment(JSON.stringify(figures));
  await recordResult(PROMISE, 'hostile-fuzzing: GET /api/v1/notifications, Koa app in-process', figures);
});

t.test(`the built bridge process: ${PROCESS_RUNS} fuzzed bodies, then ${PROCESS_RUNS} query strings`, async (t) => {
  const target = await processTarget(t);
  const rssBefore = rssKiB(target.pid);
  const webhooks = await fuzzWebhooks(t, target, PROCESS_RUNS);
  const queries = await fuzzQueries(t, target, PROCESS_RUNS);
  // Recorded, not bounded: the history grows by tens of thousands of records meanwhile (slow-clients bounds RSS).
  Object.assign(webhooks, { rss_before_MiB: Math.round(rssBefore / 1024), rss_after_MiB: Math.round(rssKiB(target.pid) / 1024) });
  t.comment(JSON.stringify({ webhooks, queries }));
  await recordResult(PROMISE, 'hostile-fuzzing: POST /webhook, bridge process', webhooks);
  await recordResult(PROMISE, 'hostile-fuzzing: GET /api/v1/notifications, bridge process', queries);
});

// Product bugs the fuzzer found (all fixed since), pinned down one input each.

t.test('a body that does not decompress as its Content-Encoding says is a 400, not a 500', async (t) => {
  const { client, history, token } = await inProcessTarget(t);
  const before = history.count();
  for (const encoding of ['gzip', 'deflate', 'br']) {
    const fixture = FIXTURE_BODIES[0] as Buffer;
    const response = await client.send('POST', '/webhook', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Encoding': encoding }, fixture);
    t.equal(response.status, 400, `${encoding} on plain JSON: ${response.body.toString('utf8')}`);
    // A gzip stream cut short fails later in the stream than a bad header does.
    const truncated = gzipSync(fixture).subarray(0, 40);
    const cut = await client.send('POST', '/webhook', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Encoding': encoding }, truncated);
    t.equal(cut.status, 400, `${encoding}, truncated gzip: ${cut.body.toString('utf8')}`);
  }
  t.equal(history.count(), before, 'nothing stored');
});

t.test('instants outside years 0000-9999 in UTC are refused, or stored in order with cursors that work', async (t) => {
  const { client, token } = await inProcessTarget(t);
  const auth = { Authorization: `Bearer ${token}` };
  const [late, early] = OUT_OF_RANGE_DATES as [string, string];
  const alerts = [
    testAlert({ startsAt: late, labels: { alertname: 'OutOfRange', n: 'late' } }),
    testAlert({ startsAt: early, labels: { alertname: 'OutOfRange', n: 'early' } }),
    testAlert({ startsAt: '2026-11-22T12:28:40.309Z', labels: { alertname: 'OutOfRange', n: 'now' } }),
  ];
  const posted = await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(testWebhook(alerts))));
  if (posted.status === 400) {
    t.match(errorEnvelope(posted)?.message, /^alerts\[0\]\.startsAt: /, 'refused, naming the field');
    const since = await client.send('GET', `${NOTIFICATIONS_PATH}?since=${encodeURIComponent(late)}`, auth);
    t.equal(since.status, 400, `so is since=${late}`);
    return;
  }
  t.equal(posted.status, 200, 'or accepted');

  const order: string[] = [];
  let query = 'alertname=OutOfRange&limit=1';
  for (let page = 0; page < 3; page++) {
    const response = await client.send('GET', `${NOTIFICATIONS_PATH}?${query}`, auth);
    if (!t.equal(response.status, 200, `page ${page + 1}: ${errorEnvelope(response)?.message ?? 'ok'}`)) break;
    const body = JSON.parse(response.body.toString('utf8')) as { notifications: { labels: { n: string } }[]; next_cursor: string | null };
    order.push(...body.notifications.map((n) => n.labels.n));
    if (body.next_cursor === null) break;
    query = `alertname=OutOfRange&limit=1&cursor=${body.next_cursor}`;
  }
  t.same(order, ['late', 'now', 'early'], 'newest first, one page each');

  const since = await client.send('GET', `${NOTIFICATIONS_PATH}?alertname=OutOfRange&since=${encodeURIComponent(late)}`, auth);
  const page = JSON.parse(since.body.toString('utf8')) as { notifications?: { labels: { n: string } }[] };
  t.same(page.notifications?.map((n) => n.labels.n), ['late'], `since=${late} finds only what is at or after it: ${since.body.toString('utf8').slice(0, 200)}`);
});

// TypeBox's Record(String, String) checked only keys matching ^(.*)$, and `.` stops at line breaks.
t.test('label and annotation maps hold only strings, whatever their keys', async (t) => {
  const { client, history, token } = await inProcessTarget(t);
  const before = history.count();
  const poisons: Record<string, unknown>[] = [{ 'a\nb': 5 }, { '\r': {} }, { 'x\u2028': null }, { '\u2029y': ['list'] }];
  for (const poison of poisons) {
    const bodies = {
      groupLabels: testWebhook([testAlert()], { groupLabels: poison }),
      commonAnnotations: testWebhook([testAlert()], { commonAnnotations: poison }),
      'alerts[0].labels': testWebhook([testAlert({ labels: { alertname: 'Poison', ...(poison as Record<string, string>) } })]),
      'alerts[0].annotations': testWebhook([testAlert({ annotations: poison as Record<string, string> })]),
    };
    for (const [where, body] of Object.entries(bodies)) {
      const response = await client.send('POST', '/webhook', { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(body)));
      // JSON.stringify leaves U+2028 and U+2029 as they are, and TAP would break the line there.
      t.equal(response.status, 400, printable(`${where} = ${JSON.stringify(poison)}: ${response.body.toString('utf8')}`));
    }
  }
  t.equal(history.count(), before, 'nothing stored');
});

// A label that is not a string used to get in and make the renderer throw; delivery/worker.ts then
// retried that group forever, ahead of every later one (compose() throwing in #nextBatch).
t.test('an alert whose message cannot be rendered does not stop the alerts behind it', async (t) => {
  const botToken = '4343:hostile-fuzz-bot';
  const chat = 6001;
  const telegram = await startFakeBotApi({ token: botToken });
  const temp = await makeTempDir('hostile-poison');
  const bridge = await startBridgeProcess({
    token: 'poison-token',
    dataDir: temp.path,
    env: { TELEGRAM_BOT_TOKEN: botToken, TELEGRAM_API_URL: telegram.apiRoot, TELEGRAM_CHAT_ID: String(chat) },
  });
  t.teardown(async () => {
    await bridge.process.stop();
    await telegram.close();
    await temp.remove();
  });
  const poisoned = testWebhook([testAlert({ labels: { alertname: 'Poisoned', 'x\ny': { not: 'a string' } as unknown as string } })], { groupKey: 'poisoned' });
  const poisonedAnswer = await bridge.postWebhook(poisoned);
  t.ok([200, 400].includes(poisonedAnswer.status), `the poisoned body gets ${poisonedAnswer.status}`);
  const normal = await bridge.postWebhook(testWebhook([testAlert({ labels: { alertname: 'BehindThePoison', instance: 'web9:9100' } })], { groupKey: 'normal' }));
  t.equal(normal.status, 200);
  const arrived = await telegram.waitForMessages(1, { chatId: chat, timeoutMs: 20_000 }).then(
    (messages) => messages.some((m) => m.text.includes('BehindThePoison')),
    () => false,
  );
  t.ok(arrived, 'the alert behind it reaches the chat within 20 s');
  t.ok(bridge.process.child.exitCode === null, 'the bridge is still running');
});
