import { gzipSync } from 'node:zlib';
import t, { type Test } from 'tap';
import type { HistoryStore } from '../../src/history/store.js';
import { startTestBridge, json, type TestBridge } from '../helpers/bridge.js';
import { FIXTURE_TOKEN, readFixtureHeaders, readWebhookFixture } from '../helpers/fixtures.js';
import { tenFilesystems, testAlert, testWebhook } from '../helpers/webhooks.js';

/** Sends the request, then checks it answered `status` with an error body matching `message`, and stored nothing. */
async function rejects(t: Test, bridge: TestBridge, send: () => Promise<Response>, status: number, message: RegExp): Promise<void> {
  const before = await bridge.allRecords();
  const response = await send();
  t.equal(response.status, status);
  t.match(response.headers.get('content-type'), /^application\/json/);
  const body = await json(response);
  t.match(body, { error: { status, message } });
  t.notMatch(JSON.stringify(body), /\bat .+:\d+:\d+/, 'no stack trace');
  t.same(await bridge.allRecords(), before, 'nothing stored');
  t.equal(bridge.notifier.received.length, 0, 'nobody notified');
}

t.test('the captured Alertmanager bodies are stored once, even when posted twice', async (t) => {
  const bridge = await startTestBridge(t);
  for (const name of ['firing-single.json', 'resolved-single.json'] as const) {
    const body = await readWebhookFixture(name);
    const first = await bridge.postWebhook(body);
    t.equal(first.status, 200, name);
    t.same(await json(first), { stored: 1, duplicates: 0 });
    const again = await bridge.postWebhook(body);
    t.same(await json(again), { stored: 0, duplicates: 1 }, `${name} again`);
  }
  const records = await bridge.allRecords();
  t.equal(records.length, 2);
  t.match(records, [
    { status: 'resolved', alertname: 'HostDiskUsage', fingerprint: '661dbb5ef0d6aec9', labels: { mountpoint: '/' } },
    { status: 'firing', alertname: 'HostHighMemoryUsage', instance: '127.0.0.1:19100', severity: 'warning', receiver: 'bridge' },
  ]);
  t.equal(bridge.notifier.received.length, 2, 'one notification per new record, none for the redeliveries');
});

t.test('every alert state is a record: firing and resolution, and ten filesystems from one evaluation', async (t) => {
  const bridge = await startTestBridge(t);
  const firing = tenFilesystems();
  t.same(await json(await bridge.postWebhook(testWebhook(firing))), { stored: 10, duplicates: 0 });
  const resolved = firing.slice(0, 3).map((alert) => ({ ...alert, status: 'resolved' as const, endsAt: '2026-11-22T12:40:00Z' }));
  t.same(await json(await bridge.postWebhook(testWebhook([...resolved, ...firing.slice(3)]))), { stored: 3, duplicates: 7 });
  const records = await bridge.allRecords();
  t.equal(records.length, 13);
  t.equal(new Set(records.map((record) => record.id)).size, 13);
  t.equal(records.filter((record) => record.status === 'resolved').length, 3);
});

t.test('only records new to the history reach the notifier', async (t) => {
  const bridge = await startTestBridge(t);
  const [a, b] = tenFilesystems() as [ReturnType<typeof testAlert>, ReturnType<typeof testAlert>];
  await bridge.postWebhook(testWebhook([a]));
  await bridge.postWebhook(testWebhook([a, b]));
  await bridge.postWebhook(testWebhook([a, b]));
  t.equal(bridge.notifier.received.length, 2, 'the full redelivery notifies nobody');
  t.same(
    bridge.notifier.received.map((group) => group.records.map((record) => record.labels.mountpoint)),
    [['/srv/0'], ['/srv/1']],
  );
  t.match(bridge.notifier.received[1], { groupKey: '{}:{alertname="HostDiskUsage"}', receiver: 'bridge', status: 'firing' });
});

t.test("Alertmanager's own request headers are accepted", async (t) => {
  const bridge = await startTestBridge(t, { authToken: FIXTURE_TOKEN });
  const headers = await readFixtureHeaders();
  t.same(Object.keys(headers).sort(), ['Authorization', 'Content-Type', 'User-Agent']);
  const response = await bridge.request('/webhook', { method: 'POST', body: await readWebhookFixture('firing-single.json'), headers, token: null });
  t.equal(response.status, 200);
  t.equal((await bridge.allRecords()).length, 1);
});

t.test('newer Alertmanager fields are ignored, never refused', async (t) => {
  const bridge = await startTestBridge(t);
  const alert = { ...testAlert(), notification_reason: 'new', silencedBy: [] };
  const response = await bridge.postWebhook(testWebhook([alert], { routeLabels: { team: 'ops' }, notification_reason: 'new' }));
  t.equal(response.status, 200);
  t.equal((await bridge.allRecords()).length, 1);
});

t.test('bad input gets a 4xx naming the problem and changes nothing', async (t) => {
  const bridge = await startTestBridge(t);
  const valid = testWebhook([testAlert()]);
  const cases: [string, () => Promise<Response>, number, RegExp][] = [
    ['broken JSON', () => bridge.postWebhook('{"version": "4",'), 400, /^body is not valid JSON/],
    ['an array', () => bridge.postWebhook('[]'), 400, /^body must be a JSON object, not an array$/],
    ['a string', () => bridge.postWebhook('"hello"'), 400, /^body must be a JSON object, not a string$/],
    ['null', () => bridge.postWebhook('null'), 400, /^body must be a JSON object, not null$/],
    ['an empty body', () => bridge.postWebhook(''), 400, /^body must be a JSON object, not empty$/],
    ['a missing field', () => bridge.postWebhook({ ...valid, groupKey: undefined }), 400, /^groupKey: missing$/],
    ['a mistyped field', () => bridge.postWebhook({ ...valid, receiver: 5 }), 400, /^receiver: expected a string$/],
    ['another version', () => bridge.postWebhook({ ...valid, version: '5' }), 400, /^version: "5" is not one of 4$/],
    [
      'an unknown alert status',
      () => bridge.postWebhook(testWebhook([testAlert(), testAlert({ status: 'pending' as 'firing' })])),
      400,
      /^alerts\[1\]\.status: "pending" is not one of firing, resolved$/,
    ],
    ['a bad date', () => bridge.postWebhook(testWebhook([testAlert({ startsAt: 'yesterday' })])), 400, /^alerts\[0\]\.startsAt: expected an RFC 3339 date-time$/],
    [
      'a label that is not a string',
      () => bridge.postWebhook(testWebhook([testAlert({ labels: { alertname: 'X', 'odd.name': 1 as unknown as string } })])),
      400,
      /^alerts\[0\]\.labels\["odd\.name"\]: expected a string$/,
    ],
    [
      'a label value that is not a string, under a key with a line break',
      () => bridge.postWebhook({ ...valid, groupLabels: { 'a\nb': 5 } }),
      400,
      /^groupLabels\["a\\nb"\]: expected a string$/,
    ],
    ['a text body', () => bridge.postWebhook(JSON.stringify(valid), { contentType: 'text/plain' }), 415, /^content type must be application\/json/],
    ['gzip that is not gzip', () => bridge.request('/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: JSON.stringify(valid) }), 400, /^body could not be decoded as its Content-Encoding \(gzip\) says/],
    ['truncated gzip', () => bridge.request('/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: gzipSync(JSON.stringify(valid)).subarray(0, 20) }), 400, /^body could not be decoded as its Content-Encoding \(gzip\) says/],
    ['brotli that is not brotli', () => bridge.request('/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, body: JSON.stringify(valid) }), 400, /^body could not be decoded as its Content-Encoding \(br\) says/],
    ['an unknown encoding', () => bridge.request('/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'x-unknown' }, body: JSON.stringify(valid) }), 415, /Content-Encoding: x-unknown/],
    ['a form body', () => bridge.postWebhook('a=b', { contentType: 'application/x-www-form-urlencoded' }), 415, /content type/],
    [
      'a body over 1 MiB',
      () => bridge.postWebhook(testWebhook([testAlert({ annotations: { description: 'x'.repeat(1024 * 1024) } })])),
      413,
      /^body larger than 1048576 bytes$/,
    ],
  ];
  for (const [name, send, status, message] of cases) {
    await t.test(name, (t) => rejects(t, bridge, send, status, message));
  }
  const metrics = await (await bridge.request('/metrics')).text();
  t.match(metrics, new RegExp(`hostwatch_bridge_webhooks_total\\{outcome="rejected"\\} ${cases.length}\\n`));
  t.match(metrics, /hostwatch_bridge_alerts_total\{outcome="stored"\} 0\n/);
});

t.test('without the right bearer token: 401 with WWW-Authenticate, nothing stored', async (t) => {
  const bridge = await startTestBridge(t);
  const body = await readWebhookFixture('firing-single.json');
  await t.test('no token', (t) => rejects(t, bridge, () => bridge.postWebhook(body, { token: null }), 401, /^missing bearer token$/));
  await t.test('wrong token', (t) => rejects(t, bridge, () => bridge.postWebhook(body, { token: 'wrong' }), 401, /^invalid bearer token$/));
  await t.test('a prefix of the token', (t) => rejects(t, bridge, () => bridge.postWebhook(body, { token: 'test-token' }), 401, /^invalid bearer token$/));
  await t.test('basic auth', (t) =>
    rejects(t, bridge, () => bridge.request('/webhook', { method: 'POST', body, headers: { Authorization: 'Basic dGVzdDp0ZXN0', 'Content-Type': 'application/json' } }), 401, /^missing/),
  );
  const response = await bridge.postWebhook(body, { token: 'wrong' });
  t.equal(response.headers.get('www-authenticate'), 'Bearer realm="hostwatch-alert-bridge", error="invalid_token"');
  const missing = await bridge.postWebhook(body, { token: null });
  t.equal(missing.headers.get('www-authenticate'), 'Bearer realm="hostwatch-alert-bridge"');
  t.match(await (await bridge.request('/metrics')).text(), /hostwatch_bridge_webhooks_total\{outcome="unauthorized"\} 6\n/);
});

t.test('a store that fails: 503 so that Alertmanager retries, nothing partial, nobody notified', async (t) => {
  let fail = true;
  const bridge = await startTestBridge(t, {
    store: (embedded): HistoryStore => ({
      init: () => embedded.init(),
      ping: () => embedded.ping(),
      close: () => embedded.close(),
      query: (...args) => embedded.query(...args),
      append: async (records) => {
        if (fail) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8086'), { status: 400 });
        return embedded.append(records);
      },
    }),
  });
  const body = testWebhook(tenFilesystems());
  await t.test('503', (t) => rejects(t, bridge, () => bridge.postWebhook(body), 503, /^the history store failed; nothing was acknowledged; retry later$/));
  t.match(bridge.logs(), /"msg":"request failed"/, 'the failure is logged');
  t.match(bridge.logs(), /ECONNREFUSED/, 'with its cause');
  fail = false;
  t.same(await json(await bridge.postWebhook(body)), { stored: 10, duplicates: 0 }, 'the retry stores everything');
  t.equal(bridge.notifier.received.length, 1);
  const metrics = await (await bridge.request('/metrics')).text();
  t.match(metrics, /hostwatch_bridge_webhooks_total\{outcome="failed"\} 1\n/);
  t.match(metrics, /hostwatch_bridge_alerts_total\{outcome="failed"\} 10\n/);
  t.match(metrics, /hostwatch_bridge_store_write_seconds_count\{outcome="error"\} 1\n/);
});

t.test('a store slower than the timeout: 503, and records that land later still reach the notifier', async (t) => {
  let release: (() => void) | undefined;
  const bridge = await startTestBridge(t, {
    storeTimeoutMs: 20,
    store: (embedded): HistoryStore => ({
      init: () => embedded.init(),
      ping: () => embedded.ping(),
      close: () => embedded.close(),
      query: (...args) => embedded.query(...args),
      append: async (records) => {
        await new Promise<void>((resolve) => (release = resolve));
        return embedded.append(records);
      },
    }),
  });
  const response = await bridge.postWebhook(testWebhook([testAlert()]));
  t.equal(response.status, 503);
  t.match(await json(response), { error: { message: /did not confirm within 20 ms/ } });
  t.equal(bridge.notifier.received.length, 0);
  release?.();
  // The late write finishes on its own; wait for its log line rather than for time.
  while (!bridge.logs().includes('stored after all')) await new Promise((resolve) => setImmediate(resolve));
  t.equal((await bridge.allRecords()).length, 1);
  t.equal(bridge.notifier.received.length, 1, 'the late records were handed to the notifier');
});

t.test('a notifier that refuses: 503', async (t) => {
  const bridge = await startTestBridge(t);
  bridge.notifier.failWith = new Error('queue full');
  const response = await bridge.postWebhook(testWebhook([testAlert()]));
  t.equal(response.status, 503);
  t.match(await json(response), { error: { message: /^the notifier did not accept the notifications; retry later$/ } });
});

t.test('receivedAt is when the bridge first stored the state', async (t) => {
  let now = new Date('2026-11-22T12:30:00.123Z');
  const bridge = await startTestBridge(t, { now: () => now });
  await bridge.postWebhook(testWebhook([testAlert()]));
  now = new Date('2026-11-22T13:30:00.000Z');
  await bridge.postWebhook(testWebhook([testAlert()]));
  t.match(await bridge.allRecords(), [{ receivedAt: '2026-11-22T12:30:00.123Z' }]);
});
