import t from 'tap';
import { json, startTestBridge, TEST_TOKEN } from './helpers/bridge.js';
import { readWebhookFixture } from './helpers/fixtures.js';
import { testAlert, testWebhook } from './helpers/webhooks.js';

t.test('the token never reaches the log, whatever happens', async (t) => {
  let failing = false;
  const bridge = await startTestBridge(t, {
    store: (embedded) => ({
      init: () => embedded.init(),
      close: () => embedded.close(),
      ping: () => embedded.ping(),
      query: (...args) => embedded.query(...args),
      append: async (records) => {
        // An error that carries the request's headers, as some HTTP clients' errors do.
        if (failing) throw Object.assign(new Error('boom'), { headers: { authorization: `Bearer ${TEST_TOKEN}` }, token: TEST_TOKEN });
        return embedded.append(records);
      },
    }),
  });
  await bridge.postWebhook(await readWebhookFixture('firing-single.json'));
  await bridge.postWebhook('{', {});
  await bridge.postWebhook(testWebhook([testAlert()]), { token: `${TEST_TOKEN}x` });
  await bridge.request(`/api/v1/notifications?alertname=${TEST_TOKEN.slice(0, 4)}`);
  await bridge.request('/nowhere');
  failing = true;
  t.equal((await bridge.postWebhook(testWebhook([testAlert({ startsAt: '2026-01-01T00:00:00Z' })]))).status, 503);

  const logs = bridge.logs();
  t.match(logs, /"path":"\/webhook","status":200/, 'the access log has the requests');
  t.match(logs, /"path":"\/webhook","status":401/);
  t.match(logs, /"msg":"request failed"/, 'and the failure');
  t.notMatch(logs, TEST_TOKEN, 'but never the token');
  t.notMatch(logs, /authorization"?:\s*"Bearer/i, 'nor an Authorization header');
  t.notMatch(logs, /\buser-agent\b/i, 'the access log has no headers');
});

t.test('4xx are not logged as errors; 5xx are', async (t) => {
  const bridge = await startTestBridge(t);
  await bridge.postWebhook('{', {});
  await bridge.request('/nowhere', { token: null });
  t.notMatch(bridge.logs(), /"level":50/);
});

t.test('unknown paths: 401 without a token (private by default), 404 with one', async (t) => {
  const bridge = await startTestBridge(t);
  t.equal((await bridge.request('/', { token: null })).status, 401);
  t.equal((await bridge.request('/webhook/', { method: 'POST', token: null })).status, 401, 'a trailing slash is no way around the token');
  const missing = await bridge.request('/nowhere');
  t.equal(missing.status, 404);
  t.same(await json(missing), { error: { status: 404, message: 'no such endpoint: GET /nowhere' } });
});

t.test('a known path with another method: 405 with Allow, as JSON', async (t) => {
  const bridge = await startTestBridge(t);
  const response = await bridge.request('/webhook', { method: 'GET' });
  t.equal(response.status, 405);
  t.match(response.headers.get('allow'), /POST/);
  t.same(await json(response), { error: { status: 405, message: 'GET is not allowed on /webhook' } });
});
