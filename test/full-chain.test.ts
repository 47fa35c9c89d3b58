import t from 'tap';
import { HISTORY_DATABASE } from '../deploy/local-stack/components.js';
import { FAST_TIMINGS, startTestStack, type PrometheusAlert, type TestStack } from './helpers/local-stack.js';
import { waitFor } from './helpers/processes.js';
import { startFakeBotApi } from './helpers/telegram-bot-api.js';

// The whole chain on this machine, every part real but Telegram: the exporter reads this host's memory,
// Prometheus evaluates the shipped rules against the thresholds generated from an inventory, Alertmanager
// groups, the bridge keeps the history in InfluxDB and sends to a local Bot API server that enforces
// Telegram's flood limits. The threshold is moved, not the host's memory: lowered below what the host
// uses, the alert fires; raised back, it resolves. Timings are shortened on the stack's copies only
// (FAST_TIMINGS: scrape and evaluation 1 s, `for: 5s`, group_wait and group_interval 1 s).

const BOT_TOKEN = '6001:full-chain-test-token';
const CHAT = -1001500600700;
const ALERT = 'HostHighMemoryUsage';

interface Notification {
  readonly id: string;
  readonly status: 'firing' | 'resolved';
  readonly alertname: string;
  readonly instance: string;
  readonly labels: Record<string, string>;
  readonly delivery: { chat_id: string; state: string; message_id?: number }[];
}

/** The memory threshold moves; CPU and filesystems stay at 100 %, which nothing exceeds. */
const inventory = (instance: string, memoryPercent: number): string => `hosts:
  - address: ${instance}
    labels:
      env: full-chain
    thresholds:
      cpu: 100
      memory: ${memoryPercent}
      filesystem: 100
`;

/** When the rule fired: the timestamp of the first firing sample of ALERTS, which is an evaluation's time. */
async function firedAt(stack: TestStack, instance: string): Promise<number> {
  const selector = `ALERTS{alertname="${ALERT}",instance="${instance}",alertstate="firing"}[10m]`;
  const data = await stack.prometheus<{ result: { values: [number, string][] }[] }>(`/api/v1/query?query=${encodeURIComponent(selector)}`);
  const first = data.result[0]?.values[0];
  if (!first) throw new Error(`no firing sample of ${ALERT} for ${instance}`);
  return first[0] * 1000;
}

async function sample(stack: TestStack, expr: string): Promise<number | undefined> {
  const data = await stack.prometheus<{ result: { value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  return data.result[0] ? Number(data.result[0].value[1]) : undefined;
}

/** The history's record of the alert in that state once its delivery has settled. */
async function delivered(stack: TestStack, instance: string, status: 'firing' | 'resolved'): Promise<Notification> {
  return waitFor(
    `the ${status} ${ALERT} in the history, delivered`,
    async () => {
      const response = await stack.bridge(`/api/v1/notifications?alertname=${ALERT}&instance=${encodeURIComponent(instance)}&status=${status}`);
      const page = (await response.json()) as { notifications: Notification[] };
      const record = page.notifications[0];
      return record && record.delivery.length > 0 && record.delivery.every((d) => d.state !== 'pending') ? record : undefined;
    },
    60_000,
    100,
  );
}

t.test('a memory threshold crossed on this host: firing and resolution reach Telegram and the history', async (t) => {
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  t.teardown(() => telegram.close());
  const stack = await startTestStack({
    inventory: (ports) => inventory(`127.0.0.1:${ports.exporter}`, 100),
    timings: FAST_TIMINGS,
    bridgeEnv: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot, TELEGRAM_CHAT_ID: String(CHAT), BRIDGE_LOG_LEVEL: 'warn' },
  });
  t.teardown(stack.stop);
  const instance = `127.0.0.1:${stack.settings.ports.exporter}`;
  const memoryAlerts = async (): Promise<PrometheusAlert[]> => (await stack.alerts()).filter((a) => a.labels.alertname === ALERT && a.labels.instance === instance);

  // Quiet at 100 %: the host's utilisation and its threshold are both evaluated, and nothing fires.
  const used = await waitFor('the host\'s memory utilisation', () => sample(stack, `instance:node_memory_utilisation:ratio{instance="${instance}"}`), 60_000, 250);
  await waitFor('the host\'s memory threshold at 100 %', async () => (await sample(stack, `instance:hostwatch_memory_threshold:ratio{instance="${instance}"}`)) === 1, 30_000, 250);
  t.comment(`this host uses ${(used * 100).toFixed(1)} % of its memory`);
  t.ok(used > 0.01, 'the host uses more than 1 % of its memory, so a 1 % threshold is crossed');
  t.same(await memoryAlerts(), [], 'no alert at a 100 % threshold');

  // Lowered to 1 %: pending at the next evaluation, firing `for:` (5 s) later.
  await stack.reconfigure(inventory(instance, 1));
  const firing = await waitFor('the alert firing in Prometheus', async () => (await memoryAlerts()).find((a) => a.state === 'firing'), 60_000, 100);
  t.match(firing.labels, { severity: 'warning', env: 'full-chain', job: 'node' });
  t.match(firing.annotations.description, /this host's threshold is 1%/);

  const fired = await delivered(stack, instance, 'firing');
  t.same(fired.delivery.map((d) => [d.chat_id, d.state]), [[String(CHAT), 'sent']], 'sent to the default chat');
  t.match(fired.labels, { alertname: ALERT, instance, env: 'full-chain' });
  const firingMessage = telegram.messages(CHAT).find((m) => m.messageId === fired.delivery[0]?.message_id);
  if (!firingMessage) throw new Error(`message ${fired.delivery[0]?.message_id} is not in the chat`);
  t.match(firingMessage.text, instance, 'the message names the host');
  t.match(firingMessage.text, /firing/i);
  t.match(firingMessage.text, /memory/i);
  const firedTime = await firedAt(stack, instance);
  const firingLatency = firingMessage.at.getTime() - firedTime;
  t.ok(firingLatency >= 0, 'the message came after the rule fired');
  t.comment(`rule fired (${new Date(firedTime).toISOString()}, pending since ${firing.activeAt}) to Telegram message: ${firingLatency} ms`);

  // Raised back to 100 %: it resolves, and the resolution goes the same way.
  const raisedAt = Date.now();
  await stack.reconfigure(inventory(instance, 100));
  await waitFor('the alert gone from Prometheus', async () => (await memoryAlerts()).length === 0, 60_000, 100);
  const resolved = await delivered(stack, instance, 'resolved');
  t.same(resolved.delivery.map((d) => [d.chat_id, d.state]), [[String(CHAT), 'sent']]);
  t.not(resolved.id, fired.id, 'the resolution is a record of its own');
  const resolvedMessage = telegram.messages(CHAT).find((m) => m.messageId === resolved.delivery[0]?.message_id);
  if (!resolvedMessage) throw new Error(`message ${resolved.delivery[0]?.message_id} is not in the chat`);
  t.not(resolvedMessage.messageId, firingMessage.messageId);
  t.match(resolvedMessage.text, instance);
  t.match(resolvedMessage.text, /resolved/i);
  // Includes the seconds in which Prometheus knows no Alertmanager after a reload (see FAST_TIMINGS).
  t.comment(`threshold raised (reload) to the resolution in Telegram: ${resolvedMessage.at.getTime() - raisedAt} ms`);

  // The history is InfluxDB's: both records are there, found by the host's tag.
  const points = await stack.influx(`SELECT "id" FROM "notifications" WHERE "instance" = '${instance}' AND "alertname" = '${ALERT}'`, HISTORY_DATABASE);
  t.same(points[0]?.values.map((row) => row[1]).sort(), [fired.id, resolved.id].sort(), 'both states stored in InfluxDB');
  t.same(telegram.rateLimitViolations(), [], 'no flood limit broken');
});
