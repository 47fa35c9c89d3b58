// The whole chain against the issue's number: 500 hosts crossing a memory threshold at once. Real
// exporter (one process on 500 loopback addresses), Prometheus, Alertmanager, InfluxDB and bridge, as
// the local stack configures them; Telegram is a local Bot API server with Telegram's flood limits.
// Every alert must reach the history and the chat without breaking a limit; reports when the last
// message came. See bench/full-chain-lib/report.ts for what is printed.
// Run: node --import tsx bench/full-chain.ts [--write]   (build first: npm run build)
import { HISTORY_DATABASE } from '../deploy/local-stack/components.js';
import { startTestStack, FAST_TIMINGS, type StackTimings, type TestStack } from '../test/helpers/local-stack.js';
import { waitFor } from '../test/helpers/processes.js';
import { startFakeBotApi } from '../test/helpers/telegram-bot-api.js';
import { describeMachine } from './bridge-lib/report.js';
import { fleetInventory, loopbackTargets } from './full-chain-lib/loopback-fleet.js';
import { renderFullChainReport, type FullChainResult } from './full-chain-lib/report.js';
import { writeReportSection } from './lib/report-section.js';

const REPORT_FILE = new URL('../BENCHMARKS.md', import.meta.url);
const TARGETS = 500;
const ALERT = 'HostHighMemoryUsage';
const BOT_TOKEN = '8500:full-chain-bench-token';
const CHAT = -1008500500;
/** The shipped scrape interval; 500 targets every second would measure the exporter, not the chain. */
const TIMINGS: StackTimings = { ...FAST_TIMINGS, scrapeInterval: '15s' };
const DEADLINE_MS = 15 * 60_000;

const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

interface Notification {
  readonly instance: string;
  readonly receivedAt: string;
  readonly delivery: { state: string; message_id?: number }[];
}

async function scalar(stack: TestStack, expr: string): Promise<number> {
  const data = await stack.prometheus<{ result: { value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  return data.result[0] ? Number(data.result[0].value[1]) : 0;
}

/** Every firing record of the alert, following the cursor. */
async function firingHistory(stack: TestStack): Promise<Notification[]> {
  const all: Notification[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/v1/notifications?alertname=${ALERT}&status=firing&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (await stack.bridge(query)).json()) as { notifications: Notification[]; next_cursor: string | null };
    all.push(...page.notifications);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

/** Alerts of other rules the bridge received during the run, by name. */
async function otherAlerts(stack: TestStack): Promise<Record<string, number>> {
  const page = (await (await stack.bridge('/api/v1/notifications?status=firing&limit=1000')).json()) as { notifications: { alertname: string }[] };
  const counts: Record<string, number> = {};
  for (const { alertname } of page.notifications) if (alertname !== ALERT) counts[alertname] = (counts[alertname] ?? 0) + 1;
  return counts;
}

/** The first firing evaluation of each instance, from ALERTS' raw samples (evaluation times). */
async function firingTimes(stack: TestStack): Promise<number[]> {
  const selector = `ALERTS{alertname="${ALERT}",alertstate="firing"}[15m]`;
  const data = await stack.prometheus<{ result: { values: [number, string][] }[] }>(`/api/v1/query?query=${encodeURIComponent(selector)}`);
  return data.result.map((series) => (series.values[0]?.[0] ?? Number.NaN) * 1000);
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const machine = await describeMachine();
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  let targets: string[] = [];
  progress(`starting the stack: one exporter on ${TARGETS} loopback addresses`);
  const stack = await startTestStack({
    inventory: (ports) => fleetInventory((targets = loopbackTargets(TARGETS, ports.exporter)), 100),
    timings: TIMINGS,
    exporterListenAddresses: (port) => loopbackTargets(TARGETS, port),
    // No D-Bus round trip per scrape (500 of them every 15 s), and no 503 when scrapes overlap.
    exporterArgs: ['--no-collector.systemd', '--web.max-requests=0'],
    bridgeEnv: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot, TELEGRAM_CHAT_ID: String(CHAT), BRIDGE_LOG_LEVEL: 'warn' },
  });
  try {
    progress(`waiting until Prometheus has scraped all ${TARGETS} targets, quiet at a 100 % threshold`);
    await waitFor('every target up', async () => (await scalar(stack, 'count(up{job="node"} == 1)')) === TARGETS, 120_000, 1000);
    await waitFor('every host\'s threshold', async () => (await scalar(stack, 'count(instance:hostwatch_memory_threshold:ratio == 1)')) === TARGETS, 60_000, 1000);
    if ((await stack.alerts()).some((alert) => alert.labels.alertname === ALERT)) throw new Error(`${ALERT} fires at a 100 % threshold`);

    progress('lowering the memory threshold to 1 % and reloading');
    const reloadedAt = Date.now();
    await stack.reconfigure(fleetInventory(targets, 1));
    const since = (at: number): number => at - reloadedAt;

    await waitFor(`${TARGETS} alerts firing`, async () => (await scalar(stack, `count(ALERTS{alertname="${ALERT}",alertstate="firing"})`)) === TARGETS, 120_000, 250);
    const fired = await firingTimes(stack);
    progress(`all firing ${since(Math.max(...fired))} ms after the reload; waiting for the history and the chat`);

    const inChat = (record: Notification): boolean =>
      telegram.messages(CHAT).some((message) => message.messageId === record.delivery[0]?.message_id && message.text.includes(record.instance));
    let history: Notification[] = [];
    await waitFor(
      'every alert in the history, delivered, and in the chat',
      async () => {
        history = await firingHistory(stack);
        const settled = history.length >= TARGETS && history.every((record) => record.delivery.length > 0 && record.delivery.every((d) => d.state !== 'pending'));
        return settled && history.every(inChat);
      },
      DEADLINE_MS,
      1000,
    );

    // Only the messages that carried this alert (by the message ids the history gives), so that any
    // other alert of the run (reported apart) cannot stand in for it.
    const chat = new Map(telegram.messages(CHAT).map((message) => [message.messageId, message]));
    const carried = new Map(history.map((record) => [record.instance, chat.get(record.delivery[0]?.message_id ?? -1)]));
    const ours = [...new Set([...carried.values()].filter((message) => message !== undefined))];
    const times = ours.map((message) => message.at.getTime());
    const result: FullChainResult = {
      date: new Date(),
      command: 'node --import tsx bench/full-chain.ts --write',
      machine,
      targets: TARGETS,
      scrapeInterval: TIMINGS.scrapeInterval,
      ruleFor: TIMINGS.ruleFor,
      firing: fired.length,
      firedFirstMs: since(Math.min(...fired)),
      firedLastMs: since(Math.max(...fired)),
      inHistory: targets.filter((instance) => carried.has(instance)).length,
      deliveredSent: history.filter((record) => record.delivery.every((d) => d.state === 'sent')).length,
      lastStoredMs: since(Math.max(...history.map((record) => Date.parse(record.receivedAt)))),
      inChat: targets.filter((instance) => carried.get(instance)?.text.includes(instance)).length,
      shownTwice: targets.filter((instance) => ours.filter((message) => message.text.includes(instance)).length > 1).length,
      messages: ours.length,
      firstMessageMs: since(Math.min(...times)),
      lastMessageMs: since(Math.max(...times)),
      violations: telegram.rateLimitViolations().length,
      otherAlerts: await otherAlerts(stack),
      targetsWithFailedScrapes: await scalar(stack, 'count(min_over_time(up{job="node"}[30m]) == 0)'),
    };
    // The history is InfluxDB's: one point per firing in the bridge's per-host measurement.
    const points = await stack.influx(`SELECT count("id") FROM "notifications" WHERE "alertname" = '${ALERT}' AND "status" = 'firing'`, HISTORY_DATABASE);
    progress(`InfluxDB holds ${String(points[0]?.values[0]?.[1] ?? 0)} firing points of ${ALERT}`);

    const report = renderFullChainReport(result);
    process.stdout.write(report);
    if (write) await writeReportSection(REPORT_FILE, 'full-chain-bench', report);
  } finally {
    await stack.stop();
    await telegram.close();
  }
}

await main();
