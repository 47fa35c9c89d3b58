import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { ALERTMANAGER_BINARY } from '../helpers/alertmanager.js';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { freePort } from '../helpers/ports.js';
import { makeTempDir, startProcess, waitFor, waitForHttp, type RunningProcess } from '../helpers/processes.js';
import { startFakeBotApi } from '../helpers/telegram-bot-api.js';
import { bridgeReceiverConfig } from './helpers/alertmanager-config.js';
import { recordResult } from './helpers/reliability-report.js';

// Alertmanager in high availability: two replicas clustered on loopback (--cluster.* flags), both
// given every alert (as Prometheus does) and both pointing at the bridge. Whichever replica sends,
// and however often, each alert state is stored once and sent to Telegram once.

const BOT_TOKEN = '7171:cluster-bot-token';
const TOKEN = 'cluster-bridge-token';
const CHAT = 930_001;
const ALERTS = 40;

interface Replica {
  readonly url: string;
  readonly process: RunningProcess;
}

async function startReplica(dir: string, config: string, clusterPort: number, peerPort: number): Promise<Replica> {
  const port = await freePort();
  await writeFile(path.join(dir, 'alertmanager.yml'), config);
  const process = startProcess(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--cluster.listen-address=127.0.0.1:${clusterPort}`,
      `--cluster.advertise-address=127.0.0.1:${clusterPort}`,
      `--cluster.peer=127.0.0.1:${peerPort}`,
      // Loopback: gossip settles in well under a second.
      '--cluster.gossip-interval=100ms',
      '--cluster.pushpull-interval=1s',
    ],
    { cwd: dir },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/-/ready`, process, 60_000);
  return { url, process };
}

t.test('two clustered Alertmanagers, both delivering: each alert stored once and sent once', async (t) => {
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  const temp = await makeTempDir('am-cluster');
  const bridge = await startBridgeProcess({
    token: TOKEN,
    dataDir: path.join(temp.path, 'bridge'),
    env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot, TELEGRAM_CHAT_ID: String(CHAT), BRIDGE_LOG_LEVEL: 'warn' },
  });
  const tokenFile = path.join(temp.path, 'token');
  await writeFile(tokenFile, TOKEN);
  const config = bridgeReceiverConfig(bridge.url, tokenFile, ['alertname', 'instance']);
  const [portA, portB] = [await freePort(), await freePort()];
  const dirs = [path.join(temp.path, 'a'), path.join(temp.path, 'b')];
  for (const dir of dirs) await mkdir(dir);
  const replicas = await Promise.all([startReplica(dirs[0] as string, config, portA, portB), startReplica(dirs[1] as string, config, portB, portA)]);
  t.teardown(async () => {
    for (const replica of replicas) await replica.process.stop();
    await bridge.process.stop();
    await telegram.close();
    await temp.remove();
  });
  await waitFor('the cluster formed', async () => {
    const status = (await (await fetch(`${replicas[0]?.url}/api/v2/status`)).json()) as { cluster: { peers: unknown[]; status: string } };
    return status.cluster.peers.length === 2 && status.cluster.status === 'ready';
  }, 60_000);

  const instances = Array.from({ length: ALERTS }, (_, i) => `ha-${String(i).padStart(3, '0')}.example:9110`);
  const startsAt = new Date(Date.now() - 30_000).toISOString();
  const alerts = instances.map((instance) => ({ labels: { alertname: 'ClusterFiring', instance, severity: 'warning' }, annotations: { summary: `on ${instance}` }, startsAt }));
  // Prometheus sends every alert to every Alertmanager of the cluster.
  for (const replica of replicas) {
    const response = await fetch(`${replica.url}/api/v2/alerts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(alerts) });
    t.equal(response.status, 200, 'alerts accepted');
  }

  const shown = (instance: string) => telegram.messages(CHAT).filter((message) => message.text.includes(instance)).length;
  await waitFor('every alert in the chat', async () => instances.every((instance) => shown(instance) > 0), 120_000, 500);
  let page = { notifications: [] as { instance: string }[] };
  await waitFor('every alert in the history', async () => {
    page = (await (await bridge.request('/api/v1/notifications?alertname=ClusterFiring&limit=1000')).json()) as typeof page;
    return new Set(page.notifications.map((n) => n.instance)).size === ALERTS;
  });
  const metrics = await (await fetch(`${bridge.url}/metrics`)).text();
  const received = Number(/^hostwatch_bridge_alerts_total\{outcome="stored"\} (\d+)$/m.exec(metrics)?.[1]) + Number(/^hostwatch_bridge_alerts_total\{outcome="duplicate"\} (\d+)$/m.exec(metrics)?.[1]);
  const duplicates = instances.filter((instance) => shown(instance) > 1).length;
  t.equal(page.notifications.length, ALERTS, 'each alert state stored once');
  t.equal(duplicates, 0, 'each sent once');
  t.comment(`the bridge received ${received} alert states for ${ALERTS} alerts from the two replicas`);

  await recordResult('two clustered Alertmanagers: stored once, sent once', 'test/faults/alertmanager-cluster.test.ts', {
    alerts_sent: ALERTS,
    alert_states_received: received,
    stored: page.notifications.length,
    delivered: instances.filter((instance) => shown(instance) > 0).length,
    duplicates,
    lost: instances.filter((instance) => shown(instance) === 0).length,
  });
});
