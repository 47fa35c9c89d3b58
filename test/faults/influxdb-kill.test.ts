import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { startAlertmanager } from '../helpers/alertmanager.js';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { startInfluxDB } from '../helpers/influxdb.js';
import { makeTempDir, waitFor } from '../helpers/processes.js';
import { bridgeReceiverConfig } from './helpers/alertmanager-config.js';
import { recordResult } from './helpers/reliability-report.js';

// The whole intake path for real: Alertmanager (Debian's) delivers webhooks to the bridge, which
// stores into influxd; influxd is killed (SIGKILL) while alerts keep coming, and started again. The
// bridge answers 5xx meanwhile, so Alertmanager retries; it recovers by itself; afterwards every
// alert is in the history, once.

const TOKEN = 'influx-kill-bridge-token';
const ALERTS = 240;
const BATCHES = 8;


const failedWebhooks = async (url: string): Promise<number> =>
  Number(/^hostwatch_bridge_webhooks_total\{outcome="failed"\} (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);

t.test('influxd killed and restarted under Alertmanager load: 5xx meanwhile, nothing missing after', async (t) => {
  const influx = await startInfluxDB();
  const temp = await makeTempDir('influx-kill');
  const bridge = await startBridgeProcess({ token: TOKEN, dataDir: temp.path, env: { INFLUXDB_URL: influx.urlFor('influx_kill'), BRIDGE_LOG_LEVEL: 'warn' } });
  const tokenFile = path.join(temp.path, 'bridge-token');
  await writeFile(tokenFile, `${TOKEN}\n`);
  const alertmanager = await startAlertmanager(bridgeReceiverConfig(bridge.url, tokenFile, ['instance']));
  t.teardown(async () => {
    await alertmanager.stop();
    await bridge.process.stop();
    await influx.cleanup();
    await temp.remove();
  });

  const instances = Array.from({ length: ALERTS }, (_, i) => `ik-${String(i).padStart(4, '0')}.example:9110`);
  const batch = (b: number) => instances.filter((_, i) => i % BATCHES === b);
  const post = (b: number) =>
    alertmanager.postAlerts(batch(b).map((instance) => ({ labels: { alertname: 'InfluxKill', instance, severity: 'warning' }, annotations: { summary: `on ${instance}` } })));

  for (let b = 0; b < BATCHES / 2; b++) await post(b);
  await waitFor('the first webhooks stored', async () => {
    const page = (await (await bridge.request('/api/v1/notifications?alertname=InfluxKill&limit=10')).json()) as { notifications: unknown[] };
    return page.notifications.length > 0;
  });
  await influx.kill();
  for (let b = BATCHES / 2; b < BATCHES; b++) await post(b);
  await waitFor('webhooks answered 5xx while influxd is down', async () => (await failedWebhooks(bridge.url)) >= 3, 60_000);
  const ready = await fetch(`${bridge.url}/readyz`);
  t.equal(ready.status, 503, 'not ready while its store is down');
  await influx.restart();

  let stored = 0;
  let storedInstances = new Set<string>();
  await waitFor(
    'every alert in the history',
    async () => {
      const page = (await (await bridge.request('/api/v1/notifications?alertname=InfluxKill&limit=1000')).json()) as { notifications: { instance: string }[] };
      stored = page.notifications.length;
      storedInstances = new Set(page.notifications.map((n) => n.instance));
      return storedInstances.size === ALERTS;
    },
    180_000,
    1000,
  );
  t.equal(stored, ALERTS, 'each stored once');
  t.equal((await fetch(`${bridge.url}/readyz`)).status, 200, 'ready again by itself');
  const failed = await failedWebhooks(bridge.url);
  t.ok(failed >= 3, `the bridge answered 5xx ${failed} times, and Alertmanager retried`);

  await recordResult('InfluxDB killed under load: 5xx meanwhile, nothing lost', 'test/faults/influxdb-kill.test.ts', {
    alerts_sent: ALERTS,
    webhooks_answered_5xx: failed,
    stored,
    duplicates: stored - ALERTS,
    lost: instances.filter((instance) => !storedInstances.has(instance)).length,
  });
});
