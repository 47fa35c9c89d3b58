import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { testAlert, testWebhook } from '../../alert-bridge/test/helpers/webhooks.js';
import { startBridgeProcess } from '../helpers/bridge-process.js';
import { makeTempDir, waitFor } from '../helpers/processes.js';
import { startFakeBotApi, type Fault } from '../helpers/telegram-bot-api.js';
import { recordResult } from './helpers/reliability-report.js';

// Telegram unreachable, then answering 502, then 429 with a long retry_after, for two minutes in all,
// while alerts keep coming into three chats (two private, one group). The queue depth shows on
// /metrics meanwhile; afterwards every alert is delivered, once, in order per chat.

const BOT_TOKEN = '6161:outage-bot-token';
const TOKEN = 'outage-bridge-token';
const CHATS = [920_001, 920_002, -100920_003];
const PHASE_MS = 40_000;
const POST_EVERY_MS = 2_000;
const PHASES: Fault[] = [{ kind: 'offline' }, { kind: 'status', status: 502 }, { kind: 'too-many-requests', retryAfter: 30 }];
const STARTS_AT = new Date(Date.now() - 60_000).toISOString();

const queueDepth = async (url: string): Promise<number> =>
  Number(/^hostwatch_bridge_notifier_queue_depth (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? NaN);

t.test('two minutes of Telegram failures: everything delivered afterwards, in order per chat, once', async (t) => {
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  const temp = await makeTempDir('telegram-outage');
  const bridge = await startBridgeProcess({
    token: TOKEN,
    dataDir: temp.path,
    env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot, BRIDGE_LOG_LEVEL: 'error' },
  });
  t.teardown(async () => {
    await bridge.process.stop();
    await telegram.close();
    await temp.remove();
  });

  const posted: { instance: string; chat: number }[] = [];
  const depths: number[] = [];
  let serial = 0;
  for (const fault of PHASES) {
    await telegram.setFault(fault);
    const phaseEnd = Date.now() + PHASE_MS;
    while (Date.now() < phaseEnd) {
      const chat = CHATS[serial % CHATS.length] as number;
      const instance = `out-${String(++serial).padStart(4, '0')}.example:9110`;
      const body = testWebhook([testAlert({ labels: { alertname: 'TelegramOutage', instance, telegram_chat: String(chat) }, startsAt: STARTS_AT })], {
        groupKey: `{}:{instance="${instance}"}`,
      });
      const response = await bridge.postWebhook(body);
      t.equal(response.status, 200, `acknowledged during the ${fault.kind} phase`, { diagnostic: false });
      posted.push({ instance, chat });
      await sleep(POST_EVERY_MS);
    }
    depths.push(await queueDepth(bridge.url));
  }
  t.ok(depths.every((depth) => depth > 0), `the queue depth on /metrics at the end of each phase: ${depths.join(', ')}`);
  const deliveredDuringOutage = telegram.messages().length;
  await telegram.clearFault();

  const shown = (instance: string, chat: number) => telegram.messages(chat).filter((message) => message.text.includes(instance)).length;
  await waitFor('everything delivered', async () => posted.every(({ instance, chat }) => shown(instance, chat) > 0), 180_000, 500);
  await waitFor('the queue drained', async () => (await queueDepth(bridge.url)) === 0);

  const duplicates = posted.filter(({ instance, chat }) => shown(instance, chat) > 1).length;
  t.equal(duplicates, 0, 'each alert once');
  for (const chat of CHATS) {
    const text = telegram
      .messages(chat)
      .map((message) => message.text)
      .join('\n');
    const expected = posted.filter((alert) => alert.chat === chat).map((alert) => alert.instance);
    const order = [...expected].sort((a, b) => text.indexOf(a) - text.indexOf(b));
    t.same(order, expected, `chat ${chat}: in the order acknowledged`);
  }
  t.same(telegram.rateLimitViolations(), [], 'no flood limit broken after the outage');

  await recordResult('a Telegram outage of any length loses nothing', 'test/faults/telegram-outage.test.ts', {
    outage_s: (PHASE_MS * PHASES.length) / 1000,
    alerts_sent: posted.length,
    acknowledged: posted.length,
    delivered_during_outage: deliveredDuringOutage,
    delivered: posted.filter(({ instance, chat }) => shown(instance, chat) > 0).length,
    duplicates,
    lost: posted.filter(({ instance, chat }) => shown(instance, chat) === 0).length,
    max_queue_depth: Math.max(...depths),
  });
});
