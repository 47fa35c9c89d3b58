import { readFile } from 'node:fs/promises';
import t, { type Test } from 'tap';
import { testAlert, testWebhook } from '../alert-bridge/test/helpers/webhooks.js';
import { startBridgeProcess, type BridgeProcess } from './helpers/bridge-process.js';
import { makeTempDir, waitFor } from './helpers/processes.js';
import { startFakeBotApi, type FakeBotApi } from './helpers/telegram-bot-api.js';

// The built bridge as its own process, relaying to a local server that speaks the Bot API: what the
// chat shows, what the history says about each delivery, and that nothing is lost or sent twice
// through redeliveries, Telegram failures and a kill -9.

const fixtures = new URL('../../shared/fixtures/alertmanager-0.25/', import.meta.url);
const BOT_TOKEN = '4242:telegram-secret-token';
const TOKEN = 'bridge-telegram-token';
const CHAT = 5001;

interface Setup {
  readonly telegram: FakeBotApi;
  readonly dataDir: string;
  start(env?: Record<string, string>): Promise<BridgeProcess>;
}

async function setup(t: Test): Promise<Setup> {
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  const temp = await makeTempDir('bridge-telegram');
  const started: BridgeProcess[] = [];
  t.teardown(async () => {
    for (const bridge of started) await bridge.process.stop();
    await telegram.close();
    await temp.remove();
  });
  const start = async (env: Record<string, string> = {}) => {
    const bridge = await startBridgeProcess({
      token: TOKEN,
      dataDir: temp.path,
      env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot, TELEGRAM_CHAT_ID: String(CHAT), ...env },
    });
    started.push(bridge);
    return bridge;
  };
  return { telegram, dataDir: temp.path, start };
}

/** The delivery states the history API shows for the alerts of one host. */
async function deliveries(bridge: BridgeProcess, instance: string): Promise<Record<string, unknown>[]> {
  const response = await bridge.request(`/api/v1/notifications?instance=${encodeURIComponent(instance)}`);
  const page = (await response.json()) as { notifications: { delivery: Record<string, unknown>[] }[] };
  return page.notifications.flatMap((notification) => notification.delivery);
}

let serial = 0;
/** A one-alert webhook for its own host, so every alert is new and easy to find in the chat. */
function hostWebhook(labels: Record<string, string> = {}): { body: Record<string, unknown>; instance: string } {
  const instance = `relay-${++serial}.example:9110`;
  return {
    instance,
    body: testWebhook([testAlert({ labels: { alertname: 'HostHighCpu', instance, severity: 'critical', ...labels }, annotations: { summary: `CPU high on ${instance}` } })], {
      groupKey: `{}:{alertname="HostHighCpu",instance="${instance}"}`,
    }),
  };
}

/** How many of the chat's messages show this text. */
const showing = (telegram: FakeBotApi, text: string, chatId = CHAT): number => telegram.messages(chatId).filter((message) => message.text.includes(text)).length;

t.test('a captured Alertmanager webhook arrives once in the chat, and the history shows it sent', async (t) => {
  const { telegram, start } = await setup(t);
  const bridge = await start();
  const body = await readFile(new URL('firing-single.json', fixtures), 'utf8');
  t.equal((await bridge.postWebhook(body)).status, 200);
  const [message] = await telegram.waitForMessages(1, { chatId: CHAT });
  t.match(message?.text, /HostHighMemoryUsage/);
  t.match(message?.text, /127\.0\.0\.1:19100/);
  t.match(message?.text, /Memory usage above threshold on 127\.0\.0\.1:19100/);
  t.equal(message?.parseMode, 'HTML');

  await waitFor('the sent state', async () => (await deliveries(bridge, '127.0.0.1:19100'))[0]?.state === 'sent');
  t.match(await deliveries(bridge, '127.0.0.1:19100'), [{ chat_id: String(CHAT), state: 'sent', message_id: message?.messageId }]);

  // Alertmanager redelivers (a lost 200, a second replica): nothing is sent again. A later, different
  // alert is the witness that the bridge went on working meanwhile.
  t.equal((await bridge.postWebhook(body)).status, 200);
  const witness = hostWebhook();
  t.equal((await bridge.postWebhook(witness.body)).status, 200);
  await waitFor('the witness message', async () => showing(telegram, witness.instance) === 1);
  t.equal(showing(telegram, 'HostHighMemoryUsage'), 1, 'the redelivery sent nothing');
  t.same(telegram.rateLimitViolations(), [], 'within Telegram limits');
  t.notMatch(bridge.process.output(), /telegram-secret-token/, 'the bot token is never logged');
});

t.test('Telegram offline, then 502, then 429 with a long retry_after: all delivered afterwards, in order, once', async (t) => {
  const { telegram, start } = await setup(t);
  const bridge = await start();
  await telegram.setFault({ kind: 'offline' });
  const first = hostWebhook();
  t.equal((await bridge.postWebhook(first.body)).status, 200, 'acknowledged while Telegram is unreachable: it is queued');
  await waitFor('a pending state with the reason', async () => {
    const [state] = await deliveries(bridge, first.instance);
    return state?.state === 'pending' && typeof state.reason === 'string';
  });
  const metrics = await (await fetch(`${bridge.url}/metrics`)).text();
  t.match(metrics, /^hostwatch_bridge_notifier_queue_depth 1$/m, 'the queue depth is on /metrics');

  await telegram.setFault({ kind: 'status', status: 502 });
  const second = hostWebhook();
  t.equal((await bridge.postWebhook(second.body)).status, 200);
  await telegram.waitForRequests('sendMessage', 1);
  await telegram.setFault({ kind: 'too-many-requests', retryAfter: 3 });
  const third = hostWebhook();
  t.equal((await bridge.postWebhook(third.body)).status, 200);
  await telegram.waitForRequests('sendMessage', telegram.requests('sendMessage').length + 1);
  await telegram.clearFault();

  await waitFor('all three delivered', async () => [first, second, third].every((alert) => showing(telegram, alert.instance) === 1), 120_000);
  const order = telegram.messages(CHAT).map((message) => [first, second, third].findIndex((alert) => message.text.includes(alert.instance)));
  t.same(order.filter((index) => index >= 0), [0, 1, 2], 'in the order they were acknowledged (or as one digest, in order)');
  await waitFor('the queue drained', async () => /^hostwatch_bridge_notifier_queue_depth 0$/m.test(await (await fetch(`${bridge.url}/metrics`)).text()));
  t.match(await (await fetch(`${bridge.url}/metrics`)).text(), /^hostwatch_bridge_messages_total\{outcome="retried"\} [1-9]/m);
});

t.test('kill -9 with messages queued and one in flight: after a restart each arrives exactly once', async (t) => {
  const { telegram, start } = await setup(t);
  const bridge = await start();
  // The request reaches Telegram and is never answered, nor processed: the send is in flight when the bridge dies.
  await telegram.setFault({ kind: 'hang', methods: ['sendMessage'] });
  const alerts = [hostWebhook(), hostWebhook(), hostWebhook()];
  for (const alert of alerts) t.equal((await bridge.postWebhook(alert.body)).status, 200);
  await telegram.waitForRequests('sendMessage', 1);
  bridge.process.child.kill('SIGKILL');
  await bridge.process.exited();
  await telegram.clearFault();

  const restarted = await start();
  await waitFor('every queued alert in the chat', async () => alerts.every((alert) => showing(telegram, alert.instance) >= 1), 60_000);
  t.same(
    alerts.map((alert) => showing(telegram, alert.instance)),
    [1, 1, 1],
    'each exactly once',
  );
  await waitFor('the sent states', async () => {
    const states = await Promise.all(alerts.map((alert) => deliveries(restarted, alert.instance)));
    return states.every((state) => state[0]?.state === 'sent');
  });
  t.pass('the history shows every one sent');
});

t.test('routing: a telegram_chat label sends the alert to its own chat (and forum topic) instead of the default', async (t) => {
  const { telegram, start } = await setup(t);
  const bridge = await start();
  const routed = hostWebhook({ telegram_chat: '-100777:12' });
  t.equal((await bridge.postWebhook(routed.body)).status, 200);
  const [message] = await telegram.waitForMessages(1, { chatId: -100777 });
  t.match(message, { messageThreadId: 12 });
  t.match(message?.text, routed.instance);
  t.equal(showing(telegram, routed.instance, CHAT), 0, 'not in the default chat');
  await waitFor('the sent state', async () => (await deliveries(bridge, routed.instance))[0]?.state === 'sent');
  t.match(await deliveries(bridge, routed.instance), [{ chat_id: '-100777', thread_id: 12, state: 'sent', message_id: message?.messageId }]);
});

t.test('a message Telegram refuses for good (400): the alert is marked failed with the reason, the queue goes on', async (t) => {
  const { start, telegram } = await setup(t);
  const bridge = await start();
  telegram.failNext(1, { kind: 'status', status: 400, body: 'json', methods: ['sendMessage'] });
  const lost = hostWebhook();
  t.equal((await bridge.postWebhook(lost.body)).status, 200);
  await waitFor('the failed state', async () => (await deliveries(bridge, lost.instance))[0]?.state === 'failed');
  t.match(await deliveries(bridge, lost.instance), [{ state: 'failed', reason: /^Telegram answered 400/ }]);
  const next = hostWebhook();
  t.equal((await bridge.postWebhook(next.body)).status, 200);
  await waitFor('the next alert', async () => showing(telegram, next.instance) === 1);
});

t.test('the bot runs in the bridge: commands registered, /help answered in the alert chat, a stranger refused once', async (t) => {
  const { telegram, start } = await setup(t);
  await start();
  await waitFor('setMyCommands', async () => (telegram.commands()?.length ?? 0) > 0);
  t.ok(['status', 'alerts', 'history', 'silence', 'unsilence', 'help'].every((name) => telegram.commands()?.some((command) => command.command === name)), 'every command registered');
  const help = telegram.sendUserMessage({ chatId: CHAT, fromId: CHAT, text: '/help' });
  await telegram.waitForConfirmed(help);
  const [answer] = await telegram.waitForMessages(1, { chatId: CHAT });
  t.match(answer?.text, /\/silence/);
  const stranger = 6_666_666;
  for (const text of ['/status', '/history']) await telegram.waitForConfirmed(telegram.sendUserMessage({ chatId: stranger, fromId: stranger, text }));
  const refusals = telegram.messages(stranger);
  t.equal(refusals.length, 1, 'one polite refusal, once');
  t.notMatch(refusals[0]?.text ?? '', /HostHigh|example|:9110/, 'and no data');
});
