// The Telegram relay against the numbers: the built bridge as its own process, history in a
// real influxd 1.x (Debian's), sending to a local server that speaks the Bot API and enforces
// Telegram's flood limits (test/helpers/telegram-bot-api.ts).
//  1. Latency: webhooks one every LATENCY_SPACING_MS, each to a chat of its own (no chat over its limit):
//     the time from sending the webhook to the Bot API server holding the message.
//  2. Storm: 500 alerts in 50 webhooks into one group chat (20 messages a minute), all at once: every
//     alert in the history, every alert in the chat, no flood limit broken, and when the last message came.
// Run: node --import tsx bench/telegram.ts [--write]   (build first: npm run build)
import { randomBytes } from 'node:crypto';
import { testAlert, testWebhook } from '../alert-bridge/test/helpers/webhooks.js';
import { startBridgeProcess, type BridgeProcess } from '../test/helpers/bridge-process.js';
import { startInfluxDB, type StartedInfluxDB } from '../test/helpers/influxdb.js';
import { makeTempDir, waitFor } from '../test/helpers/processes.js';
import { startFakeBotApi, type FakeBotApi } from '../test/helpers/telegram-bot-api.js';
import { describeMachine } from './bridge-lib/report.js';
import { summarize } from './lib/quantiles.js';
import { writeReportSection } from './lib/report-section.js';

const REPORT_FILE = new URL('../BENCHMARKS.md', import.meta.url);
const BOT_TOKEN = '777:bench-bot-token';
const LATENCY_WEBHOOKS = 60;
const LATENCY_SPACING_MS = 250;
const STORM_WEBHOOKS = 50;
const STORM_ALERTS_PER_WEBHOOK = 10;
const STORM_CHAT = -1009000;
const TARGET_MEDIAN_MS = 50;
const TARGET_STORM_S = 60;

const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const pad = (n: number): string => String(n).padStart(3, '0');

function webhook(instances: readonly string[], alertname: string, labels: Record<string, string> = {}): string {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  return JSON.stringify(
    testWebhook(
      instances.map((instance) =>
        testAlert({ labels: { alertname, instance, severity: 'warning', ...labels }, annotations: { summary: `${alertname} on ${instance}` }, startsAt }),
      ),
      { groupKey: `{}:{alertname="${alertname}",batch="${instances[0]}"}`, groupLabels: { alertname }, commonLabels: { alertname } },
    ),
  );
}

async function post(bridge: BridgeProcess, body: string): Promise<void> {
  const response = await bridge.request('/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
}

async function measureLatency(bridge: BridgeProcess, telegram: FakeBotApi): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_WEBHOOKS; i++) {
    const chatId = 700_000 + i;
    const sentAt = Date.now();
    await post(bridge, webhook([`latency-${pad(i)}.example:9110`], 'BenchLatency', { telegram_chat: String(chatId) }));
    const [message] = await telegram.waitForMessages(1, { chatId, timeoutMs: 30_000 });
    latencies.push((message as { at: Date }).at.getTime() - sentAt);
    await new Promise((resolve) => setTimeout(resolve, LATENCY_SPACING_MS));
  }
  return latencies;
}

interface StormResult {
  readonly acknowledgedAlerts: number;
  readonly inHistory: number;
  readonly inChat: number;
  readonly shownTwice: number;
  readonly messages: number;
  readonly violations: number;
  readonly lastMessageS: number;
}

async function measureStorm(bridge: BridgeProcess, telegram: FakeBotApi): Promise<StormResult> {
  const instances = Array.from({ length: STORM_WEBHOOKS * STORM_ALERTS_PER_WEBHOOK }, (_, i) => `storm-${pad(i)}.example:9110`);
  const start = Date.now();
  const posts: Promise<void>[] = [];
  for (let w = 0; w < STORM_WEBHOOKS; w++) {
    const batch = instances.slice(w * STORM_ALERTS_PER_WEBHOOK, (w + 1) * STORM_ALERTS_PER_WEBHOOK);
    posts.push(post(bridge, webhook(batch, 'BenchStorm', { telegram_chat: String(STORM_CHAT) })));
  }
  await Promise.all(posts);
  const shown = (instance: string) => telegram.messages(STORM_CHAT).filter((message) => message.text.includes(instance)).length;
  await waitFor('every storm alert in the chat', async () => instances.every((instance) => shown(instance) > 0), 300_000, 250);
  const messages = telegram.messages(STORM_CHAT);
  const last = Math.max(...messages.map((message) => message.at.getTime()));
  const page = (await (await bridge.request('/api/v1/notifications?alertname=BenchStorm&limit=1000')).json()) as { notifications: { instance: string }[] };
  return {
    acknowledgedAlerts: instances.length,
    inHistory: new Set(page.notifications.map((notification) => notification.instance)).size,
    inChat: instances.filter((instance) => shown(instance) > 0).length,
    shownTwice: instances.filter((instance) => shown(instance) > 1).length,
    messages: messages.length,
    violations: telegram.rateLimitViolations().length,
    lastMessageS: (last - start) / 1000,
  };
}

function renderReport(command: string, machine: string, latencies: readonly number[], storm: StormResult): string {
  const s = summarize(latencies);
  const pass = (ok: boolean): string => (ok ? 'pass' : '**FAIL**');
  return `## Alert bridge: Telegram relay

Generated by \`${command}\` on ${new Date().toISOString()}.
Machine: ${machine}.

The built bridge as its own process, history in one influxd 1.x on loopback, sending to a local Bot API
server (\`test/helpers/telegram-bot-api.ts\`) that parses HTML like Telegram and answers 429 to any chat
over 1 message/s, any group over 20 messages/min, or the bot over 30 messages/s.

**Latency**, webhook sent to message at the Bot API server, ${LATENCY_WEBHOOKS} webhooks ${LATENCY_SPACING_MS} ms apart, each to a chat
of its own (no chat over its limit): median **${s.median.toFixed(1)} ms**, p90 ${s.p90.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms.
Median at most ${TARGET_MEDIAN_MS} ms: ${pass(s.median <= TARGET_MEDIAN_MS)}.

**Storm**, ${storm.acknowledgedAlerts} alerts in ${STORM_WEBHOOKS} webhooks posted at once into one group chat:

| alerts acknowledged | in history | in the chat | shown twice | messages | flood-limit 429s | last message after |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${storm.acknowledgedAlerts} | ${storm.inHistory} | ${storm.inChat} | ${storm.shownTwice} | ${storm.messages} | ${storm.violations} | ${storm.lastMessageS.toFixed(1)} s |

Every alert in history and in the chat, no limit broken, last message within ${TARGET_STORM_S} s: ${pass(
    storm.inHistory === storm.acknowledgedAlerts && storm.inChat === storm.acknowledgedAlerts && storm.violations === 0 && storm.lastMessageS <= TARGET_STORM_S,
  )}. The first webhook goes out as its own message; the backlog that builds up behind the group's
20-a-minute limit goes out as a digest, one line per alert.
`;
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const machine = await describeMachine();
  let influx: StartedInfluxDB | undefined;
  let telegram: FakeBotApi | undefined;
  let bridge: BridgeProcess | undefined;
  const dataDir = await makeTempDir('telegram-bench');
  try {
    progress('starting influxd and the Bot API server');
    influx = await startInfluxDB();
    telegram = await startFakeBotApi({ token: BOT_TOKEN });
    bridge = await startBridgeProcess({
      token: randomBytes(16).toString('hex'),
      dataDir: dataDir.path,
      env: { INFLUXDB_URL: influx.urlFor('hostwatch_telegram_bench'), TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot, BRIDGE_LOG_LEVEL: 'warn' },
    });
    progress(`latency: ${LATENCY_WEBHOOKS} webhooks`);
    const latencies = await measureLatency(bridge, telegram);
    progress(`storm: ${STORM_WEBHOOKS} webhooks of ${STORM_ALERTS_PER_WEBHOOK} alerts into one group`);
    const storm = await measureStorm(bridge, telegram);
    const report = renderReport('npm run bench -- --write', machine, latencies, storm);
    process.stdout.write(report);
    if (write) await writeReportSection(REPORT_FILE, 'telegram-bench', report);
  } finally {
    await bridge?.process.stop();
    await telegram?.close();
    await influx?.cleanup();
    await dataDir.remove();
  }
}

await main();
