import t from 'tap';
import type { NotificationRecord } from '../../src/history/record.js';
import { json, startTestBridge, type TestBridge } from '../helpers/bridge.js';
import { testAlert, testWebhook } from '../helpers/webhooks.js';

interface Page {
  notifications: NotificationRecord[];
  next_cursor: string | null;
}

async function page(bridge: TestBridge, query: string): Promise<Page> {
  const response = await bridge.request(`/api/v1/notifications?${query}`);
  if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
  return (await response.json()) as Page;
}

/** One webhook per minute of `minutes`, two hosts each, from 2026-11-20T00:00Z. */
async function postHistory(bridge: TestBridge, minutes: number[], rule = 'HostDown'): Promise<void> {
  for (const minute of minutes) {
    const startsAt = new Date(Date.UTC(2026, 10, 20, 0, minute)).toISOString();
    const alerts = ['web1:9110', 'web2:9110'].map((instance, i) =>
      testAlert({ startsAt, labels: { alertname: rule, instance, severity: i ? 'warning' : 'critical' } }),
    );
    const response = await bridge.postWebhook(testWebhook(alerts));
    if (response.status !== 200) throw new Error(await response.text());
  }
}

t.test('newest first, with every field the issue asks for', async (t) => {
  const bridge = await startTestBridge(t);
  await postHistory(bridge, [1, 2]);
  const result = await page(bridge, '');
  t.equal(result.next_cursor, null);
  t.same(
    result.notifications.map((record) => record.startsAt),
    ['2026-11-20T00:02:00.000Z', '2026-11-20T00:02:00.000Z', '2026-11-20T00:01:00.000Z', '2026-11-20T00:01:00.000Z'],
  );
  for (const key of ['id', 'status', 'alertname', 'fingerprint', 'startsAt', 'endsAt', 'labels', 'annotations', 'receiver', 'receivedAt']) {
    t.ok(key in (result.notifications[0] as object), key);
  }
});

t.test('paging 1..N while new records arrive never skips or repeats', async (t) => {
  const bridge = await startTestBridge(t);
  await postHistory(bridge, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  const existing = (await bridge.allRecords()).map((record) => record.id);
  t.equal(existing.length, 20);
  for (const limit of [1, 3, 7, 20, 1000]) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let arrival = 0;
    do {
      const result: Page = await page(bridge, `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      t.ok(result.notifications.length <= limit);
      seen.push(...result.notifications.map((record) => record.id));
      cursor = result.next_cursor;
      // Between pages: newer alerts arrive, and for the first pages older ones too (a late delivery).
      arrival += 1;
      await postHistory(bridge, [100 * limit + arrival], `Newer${limit}`);
      if (arrival <= 3) await postHistory(bridge, [-1000 * limit - arrival], `Older${limit}`);
    } while (cursor !== null);
    t.equal(new Set(seen).size, seen.length, `limit ${limit}: no record twice`);
    t.same(existing.filter((id) => !seen.includes(id)), [], `limit ${limit}: every record that existed was seen`);
  }
});

t.test('filters', async (t) => {
  const bridge = await startTestBridge(t);
  await postHistory(bridge, [1, 2, 3]);
  await postHistory(bridge, [4], 'DiskFull');
  const resolved = testAlert({ status: 'resolved', startsAt: '2026-11-20T00:01:00.000Z', endsAt: '2026-11-20T00:30:00.000Z', labels: { alertname: 'HostDown', instance: 'web1:9110', severity: 'critical' } });
  await bridge.postWebhook(testWebhook([resolved]));
  const count = async (query: string): Promise<number> => (await page(bridge, query)).notifications.length;
  t.equal(await count(''), 9);
  t.equal(await count('alertname=DiskFull'), 2);
  t.equal(await count('instance=web2:9110'), 4);
  t.equal(await count('severity=critical&alertname=HostDown'), 4);
  t.equal(await count('status=resolved'), 1);
  t.equal(await count('status=firing'), 8);
  t.equal(await count(`since=${encodeURIComponent('2026-11-20T00:03:00Z')}`), 5, 'since is inclusive; the resolution counts at its endsAt');
  t.equal(await count(`until=${encodeURIComponent('2026-11-20T01:02:00+01:00')}`), 2, 'until is exclusive, in any zone');
});

t.test('bad parameters and cursors: 400 naming them', async (t) => {
  const bridge = await startTestBridge(t);
  await postHistory(bridge, [1, 2]);
  const cases: [string, RegExp][] = [
    ['limit=0', /^limit: must be at least 1$/],
    ['limit=1001', /^limit: must be at most 1000$/],
    ['status=pending', /^status: "pending" is not one of firing, resolved$/],
    ['since=yesterday', /^since: expected an RFC 3339 date-time$/],
    ['cursor=not-a-cursor', /^cursor: invalid cursor: /],
    [`cursor=${Buffer.from('{"t":"x","id":"y"}').toString('base64url')}`, /^cursor: invalid cursor: /],
    ['colour=red', /^colour: unknown key/],
  ];
  for (const [query, message] of cases) {
    const response = await bridge.request(`/api/v1/notifications?${query}`);
    t.equal(response.status, 400, query);
    t.match(await json(response), { error: { status: 400, message } }, query);
  }
});

t.test('401 without the token', async (t) => {
  const bridge = await startTestBridge(t);
  t.equal((await bridge.request('/api/v1/notifications', { token: null })).status, 401);
  t.equal((await bridge.request('/api/v1/notifications', { token: 'nope' })).status, 401);
  t.equal((await bridge.request('/api/v2/anything', { token: null })).status, 401, 'every /api path, known or not');
});

t.test('a store that fails to answer: 503', async (t) => {
  const bridge = await startTestBridge(t, {
    store: (embedded) => ({
      init: () => embedded.init(),
      ping: () => embedded.ping(),
      close: () => embedded.close(),
      append: (records) => embedded.append(records),
      query: async () => {
        throw new Error('InfluxDB unreachable');
      },
    }),
  });
  const response = await bridge.request('/api/v1/notifications');
  t.equal(response.status, 503);
  t.same(await json(response), { error: { status: 503, message: 'the history store failed; retry later' } });
});
