import t from 'tap';
import { startTestBridge } from '../helpers/bridge.js';
import { readWebhookFixture } from '../helpers/fixtures.js';

t.test("the bridge's metrics, by outcome, without a token", async (t) => {
  const bridge = await startTestBridge(t);
  const body = await readWebhookFixture('firing-single.json');
  await bridge.postWebhook(body);
  await bridge.postWebhook(body);
  await bridge.postWebhook('{', {});
  bridge.notifier.received.push(...bridge.notifier.received); // the recording notifier's depth is what it holds
  const response = await bridge.request('/metrics', { token: null });
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  t.match(text, /^hostwatch_bridge_webhooks_total\{outcome="accepted"\} 2$/m);
  t.match(text, /^hostwatch_bridge_webhooks_total\{outcome="rejected"\} 1$/m);
  t.match(text, /^hostwatch_bridge_alerts_total\{outcome="stored"\} 1$/m);
  t.match(text, /^hostwatch_bridge_alerts_total\{outcome="duplicate"\} 1$/m);
  t.match(text, /^hostwatch_bridge_store_write_seconds_count\{outcome="ok"\} 2$/m);
  t.match(text, /^hostwatch_bridge_store_write_seconds_bucket\{le="0\.001",outcome="ok"\} \d+$/m);
  t.match(text, /^hostwatch_bridge_notifier_queue_depth 2$/m);
  t.match(text, /^process_cpu_seconds_total \d/m, 'default process metrics');
  t.match(text, /^nodejs_heap_size_used_bytes \d/m);
});
