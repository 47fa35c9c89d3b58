import t from 'tap';
import { testAlert, testWebhook } from '../../alert-bridge/test/helpers/webhooks.js';
import { startAlertmanager } from '../helpers/alertmanager.js';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { makeTempDir, waitFor } from '../helpers/processes.js';
import { startFakeBotApi, type FakeMessage } from '../helpers/telegram-bot-api.js';
import { recordResult } from './helpers/reliability-report.js';

// Telegram users the bridge does not know: strangers in private chats and groups, a chat member who
// may not silence, edited messages, replayed buttons. No data may leave (a stranger gets at most one
// polite refusal, naming nothing of the bridge's), and nothing may change (no silence in Alertmanager,
// no record in the history). Against the built bridge, its bot polling a fake Bot API.

const PROMISE = 'Strangers get nothing from the bot';
const TOKEN = 'strangers-token-3e8d';
const BOT_TOKEN = '5151:strangers-bot-secret';
const ALLOWED_CHAT = -1001234567890;
const ADMIN = 4001;
const MEMBER = 4002;
const STRANGER = 9001;
const STRANGER_GROUP = -100999;
const ALERTNAME = 'StrangerProbeAlert';
const INSTANCE = 'vault-17.internal:9100';

const figures: Record<string, number | string> = {};
t.teardown(() => recordResult(PROMISE, 'hostile-telegram-strangers', figures));

/** Everything a message shows: text, links and buttons. */
const shown = (message: FakeMessage): string => JSON.stringify(message);

t.test('strangers, edited messages and buttons pressed by the wrong people change nothing and learn nothing', async (t) => {
  const alertmanager = await startAlertmanager();
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  const temp = await makeTempDir('hostile-strangers');
  t.teardown(async () => {
    await telegram.close();
    await alertmanager.stop();
    await temp.remove();
  });
  const bridge = await startBridgeProcess({
    token: TOKEN,
    dataDir: temp.path,
    env: {
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: telegram.apiRoot,
      TELEGRAM_CHAT_ID: String(ALLOWED_CHAT),
      TELEGRAM_ALLOWED_USER_IDS: String(ADMIN),
      ALERTMANAGER_URL: alertmanager.url,
    },
  });
  t.teardown(() => bridge.process.stop());

  const posted = await bridge.postWebhook(testWebhook([testAlert({ labels: { alertname: ALERTNAME, instance: INSTANCE, severity: 'critical' } })], { groupKey: 'strangers' }));
  t.equal(posted.status, 200, 'an alert is stored');
  const [alertMessage] = await telegram.waitForMessages(1, { chatId: ALLOWED_CHAT, timeoutMs: 20_000 });
  const history = async () => ((await (await bridge.request('/api/v1/notifications')).json()) as { notifications: { id: string; fingerprint: string }[] }).notifications;
  const recordsBefore = await history();
  const silences = async () => ((await (await fetch(`${alertmanager.url}/api/v2/silences`)).json()) as unknown[]).length;

  const polling = await telegram.waitForRequests('getUpdates', 1, { timeoutMs: 15_000 }).then(
    () => true,
    () => false,
  );
  t.ok(polling, 'the bridge polls getUpdates');
  figures.bot_wired = polling ? 'yes' : 'no';
  if (!polling) return;

  // Greetings first: message ids count up per chat, bot's and users' together, so these are known.
  const updateIds: number[] = [];
  updateIds.push(telegram.sendUserMessage({ chatId: STRANGER, fromId: STRANGER, text: 'hi there' }));
  const greetingId = 1;
  updateIds.push(telegram.sendUserMessage({ chatId: ALLOWED_CHAT, fromId: ADMIN, text: 'good morning' }));
  const adminGreetingId = (alertMessage?.messageId ?? 0) + 1;
  const fromStranger = (chatId: number, text: string) => updateIds.push(telegram.sendUserMessage({ chatId, fromId: STRANGER, text, username: 'stranger' }));
  for (const text of ['/start', '/help', '/alerts', '/history', `/history ${ALERTNAME}`, '/status', `/silence alertname=${ALERTNAME} 1h`, '/unsilence all', '/alerts@HostwatchBot', '/alerts@SomeOtherBot', 'hello']) {
    fromStranger(STRANGER, text);
  }
  for (const text of ['/alerts', '/history', `/silence alertname=${ALERTNAME} 4h`]) fromStranger(STRANGER_GROUP, text);
  // A chat member who is not in TELEGRAM_ALLOWED_USER_IDS presses Silence, and asks for one.
  const silenceButton = (alertMessage?.replyMarkup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard?.flat().find((b) => b.callback_data?.startsWith('silence:'));
  t.ok(silenceButton, 'the alert message has Silence buttons');
  if (alertMessage && silenceButton?.callback_data) {
    updateIds.push(telegram.pressButton({ chatId: ALLOWED_CHAT, fromId: MEMBER, messageId: alertMessage.messageId, data: silenceButton.callback_data }));
  }
  updateIds.push(telegram.sendUserMessage({ chatId: ALLOWED_CHAT, fromId: MEMBER, text: `/silence alertname=${ALERTNAME} 1h` }));
  // Edited messages are not fetched at all (allowed_updates): turning a greeting into a command does nothing.
  const edits = [
    telegram.sendEditedMessage({ chatId: STRANGER, fromId: STRANGER, messageId: greetingId, text: `/silence alertname=${ALERTNAME} 24h` }),
    telegram.sendEditedMessage({ chatId: ALLOWED_CHAT, fromId: ADMIN, messageId: adminGreetingId, text: `/silence alertname=${ALERTNAME} 24h` }),
  ];

  // The bot has handled an update once a later getUpdates asks for what comes after it.
  const last = Math.max(...updateIds);
  await waitFor(
    'the bot to poll past every update',
    async () => telegram.requests('getUpdates').some((r) => Number(r.params.offset) > last),
    30_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 2000)); // a refusal sent late would still count

  for (const [chat, name] of [[STRANGER, 'the stranger'], [STRANGER_GROUP, "the stranger's group"]] as const) {
    const messages = telegram.messages(chat);
    t.ok(messages.length <= 1, `${name} got at most one message (${messages.length})`);
    for (const message of messages) {
      const text = shown(message);
      for (const secret of [ALERTNAME, INSTANCE, 'vault-17', String(ALLOWED_CHAT), String(ADMIN), ...recordsBefore.flatMap((r) => [r.id, r.fingerprint])]) {
        t.notOk(text.includes(secret), `${name}'s message does not show ${secret}`);
      }
      t.notOk(message.replyMarkup, `${name}'s message has no buttons`);
    }
  }
  t.same(edits.map((id) => telegram.updateState(id)), ['dropped', 'dropped'], 'edited messages are never fetched');
  t.equal(await silences(), 0, 'Alertmanager has no silence');
  t.same((await history()).map((r) => r.id), recordsBefore.map((r) => r.id), 'the history is unchanged');
  const answers = telegram.callbackAnswers();
  t.equal(answers.length, silenceButton ? 1 : 0, 'the button press was answered (the spinner stops), with a refusal');
  t.equal(bridge.process.child.exitCode, null, 'the bridge is still running');
  Object.assign(figures, {
    stranger_updates: updateIds.length + edits.length,
    messages_to_strangers: telegram.messages(STRANGER).length + telegram.messages(STRANGER_GROUP).length,
    silences_created: await silences(),
  });
});
