// The alert-bridge's InfluxDB history against the issue's page figure, on a real influxd (Debian's 1.6):
// 1,000,000 records (30 days, 2,000 hosts, 20 rules) filled through the store, then p50/p99 of one page,
// with and without filters, and following cursors. Each page is asked twice, in turn: of the store
// in-process (its own figure) and of the built bridge's GET /api/v1/notifications as its own process (what
// a user waits for: the store, delivery states, JSON and HTTP). Appends are measured end to end by
// bench/bridge.ts. Build first: npx tsc -b alert-bridge.
// Run: node --import tsx bench/bridge-history.ts [--records=1000000] [--query-samples=300] [--write]
// Markdown goes to stdout (and between the bridge-history-bench markers of BENCHMARKS.md with --write),
// progress to stderr.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { NotificationRecord } from '../alert-bridge/src/history/record.js';
import type { HistoryFilter } from '../alert-bridge/src/history/store.js';
import { InfluxHistoryStore } from '../alert-bridge/src/history/influx/store.js';
import { startInfluxDB, type StartedInfluxDB } from '../test/helpers/influxdb.js';
import { startFakeBotApi } from '../test/helpers/telegram-bot-api.js';
import { startBridge } from './bridge-lib/bridge-process.js';
import { ApiPages } from './history-lib/api-pages.js';
import { AGED_STORAGE, waitForCompactions } from './lib/influxd-engine.js';
import { sourceRevision } from './lib/machine.js';
import { quantile } from './lib/quantiles.js';
import { writeReportSection } from './lib/report-section.js';

const option = (name: string, fallback: number): number => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Number(arg.slice(name.length + 3));
};
const ALERTS_PER_WEBHOOK = 10;
const HOSTS = 2000;
const RECORDS = option('records', 1_000_000);
const QUERY_SAMPLES = option('query-samples', 300);
const RULES = Array.from({ length: 20 }, (_, i) => `Rule${String(i).padStart(2, '0')}`);
const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** A timestamp as Alertmanager forwards Prometheus' (nanoseconds). */
function rfc3339Nano(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}Z`;
}

// Unique ids without hashing each one (the store hashes ids itself): a random run prefix and a counter.
const runId = randomBytes(24).toString('hex');
let counter = 0;
const nextId = (): string => `${runId}${(counter++).toString(16).padStart(16, '0')}`;

function alert(host: number, rule: string, eventMs: number, extra: Record<string, string>): NotificationRecord {
  const resolved = Math.random() < 0.5;
  const startsAt = rfc3339Nano(resolved ? eventMs - 600_000 : eventMs);
  const labels = { alertname: rule, instance: `host-${host}.example.org:9100`, job: 'node', severity: rule < 'Rule10' ? 'critical' : 'warning', ...extra };
  return {
    id: nextId(),
    status: resolved ? 'resolved' : 'firing',
    alertname: rule,
    instance: labels.instance,
    severity: labels.severity,
    fingerprint: nextId().slice(-16),
    startsAt,
    endsAt: resolved ? rfc3339Nano(eventMs) : '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus:9090/graph?g0.expr=${rule}&g0.tab=1`,
    labels,
    annotations: { summary: `${rule} on ${labels.instance}`, description: 'Filesystem has less than 10% space left.\nVALUE = 7.3' },
    receiver: 'telegram',
    groupKey: `{}:{alertname="${rule}"}`,
    externalURL: 'http://alertmanager:9093',
    receivedAt: new Date().toISOString(),
  };
}

/** One webhook's alerts: one rule over ten hosts, or ten filesystems of one host (same startsAt). */
function webhook(eventMs: number): NotificationRecord[] {
  const rule = pick(RULES);
  const host = Math.floor(Math.random() * HOSTS);
  if (Math.random() < 0.5) return Array.from({ length: ALERTS_PER_WEBHOOK }, (_, i) => alert((host + i * 7) % HOSTS, rule, eventMs, {}));
  const event = alert(host, rule, eventMs, {});
  return Array.from({ length: ALERTS_PER_WEBHOOK }, (_, i) => ({
    ...event,
    id: nextId(),
    labels: { ...event.labels, mountpoint: `/srv/${i}` },
  }));
}

const ms = (n: number): string => n.toFixed(1);

async function fill(store: InfluxHistoryStore, count: number): Promise<void> {
  const newest = Date.now();
  const span = 30 * 86_400_000;
  let written = 0;
  const worker = async (): Promise<void> => {
    while (written < count) {
      const batch: NotificationRecord[] = [];
      while (batch.length < 5000 && written + batch.length < count) batch.push(...webhook(newest - Math.random() * span));
      written += batch.length;
      await store.append(batch);
      if (written % 100_000 < batch.length) progress(`filled ${written}`);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
}

const DATABASE = 'bench_pages';
const TARGET_P99_MS = 50;
const WARM_UP_QUERIES = 20;
const BOT_TOKEN = '777:history-bench-bot-token';

/** A case's latencies, in turn: the store in-process, then the bridge's HTTP API. */
interface Timings {
  readonly store: number[];
  readonly api: number[];
  records: number;
}

const newTimings = (): Timings => ({ store: [], api: [], records: 0 });

function caseRow(name: string, limit: number, t: Timings): string {
  const p50 = (samples: readonly number[]): string => ms(quantile(samples, 0.5));
  const p99 = (samples: readonly number[]): string => ms(quantile(samples, 0.99));
  const verdict = quantile(t.api, 0.99) <= TARGET_P99_MS ? 'pass' : '**FAIL**';
  return `| ${name} | ${limit} | ${p50(t.store)} | ${p99(t.store)} | ${p50(t.api)} | **${p99(t.api)}** | ${ms(quantile(t.api, 1))} | ${t.records} | ${verdict} |`;
}

async function benchPages(influx: StartedInfluxDB): Promise<string[]> {
  const store = new InfluxHistoryStore({ url: influx.urlFor(DATABASE), requestTimeoutMs: 30_000 });
  await store.init();
  progress(`filling ${RECORDS} records`);
  const fillStart = performance.now();
  await fill(store, RECORDS);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  progress('waiting for influxd to compact the shards');
  const compactionSeconds = await waitForCompactions(influx.url, DATABASE);
  progress('starting the bridge on the filled database, with Telegram (a local Bot API server)');
  // With Telegram configured, as in service, each page also looks up its records' delivery states.
  const telegram = await startFakeBotApi({ token: BOT_TOKEN });
  const bridge = await startBridge(influx.urlFor(DATABASE), { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_URL: telegram.apiRoot });
  const api = new ApiPages(bridge);
  const day = new Date(Date.now() - 15 * 86_400_000);
  const cases: [string, () => HistoryFilter, number][] = [
    ['newest 100, no filter', () => ({}), 100],
    ['newest 1,000, no filter', () => ({}), 1000],
    ['instance=<random host>', () => ({ instance: `host-${Math.floor(Math.random() * HOSTS)}.example.org:9100` }), 100],
    ['alertname=<random rule>', () => ({ alertname: pick(RULES) }), 100],
    ['alertname, status=resolved, severity', () => ({ alertname: 'Rule03', status: 'resolved', severity: 'critical' }), 100],
    ['since/until: one day, 15 days ago', () => ({ since: day.toISOString(), until: new Date(day.getTime() + 86_400_000).toISOString() }), 100],
    ['instance and alertname (sparse)', () => ({ instance: `host-${Math.floor(Math.random() * HOSTS)}.example.org:9100`, alertname: pick(RULES) }), 100],
    ['no match', () => ({ alertname: 'NoSuchRule' }), 100],
  ];
  const rows = [
    `${RECORDS.toLocaleString('en-US')} records over 30 days, ${HOSTS.toLocaleString('en-US')} hosts, ${RULES.length} rules, filled through the store in ${fillSeconds.toFixed(0)} s, webhooks of ${ALERTS_PER_WEBHOOK} alerts at random times.`,
    `A month of history written in minutes leaves influxd with half-compacted shards that it goes on compacting for`,
    `minutes; a month written over a month does not. So influxd runs with its cold durations shortened`,
    `(${Object.entries(AGED_STORAGE).map(([k, v]) => `\`${k} = "${v}"\``).join(', ')}; in service 10 min and 4 h), and the queries start once`,
    `no compaction has run or waited for 10 s (after ${compactionSeconds.toFixed(0)} s here).`,
    '',
    `Each page is asked of the store in-process and of the built bridge's \`GET /api/v1/notifications\` (its own`,
    `process, with Telegram configured against a local Bot API server; one keep-alive connection; until the last byte`,
    `of the answer: the store, the outbox's delivery states, JSON and HTTP), in turn with the same filter, one request at a time; ${QUERY_SAMPLES} pages per case after ${WARM_UP_QUERIES} warm-up pages.`,
    `The verdict is on the API's p99.`,
    '',
    `| case | limit | store p50 ms | store p99 ms | API p50 ms | API p99 ms | API max ms | records on the last page | p99 at most ${TARGET_P99_MS} ms |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  try {
    for (const [name, filter, limit] of cases) {
      progress(`pages: ${name}`);
      const timings = newTimings();
      for (let i = 0; i < QUERY_SAMPLES + WARM_UP_QUERIES; i++) {
        const f = filter();
        const start = performance.now();
        const page = await store.query(f, limit);
        const storeMs = performance.now() - start;
        const apiPage = await api.page(f, limit);
        if (apiPage.records !== page.records.length) throw new Error(`${name}: the API answered ${apiPage.records} records, the store ${page.records.length}`);
        if (i < WARM_UP_QUERIES) continue;
        timings.store.push(storeMs);
        timings.api.push(apiPage.ms);
        timings.records = apiPage.records;
      }
      rows.push(caseRow(name, limit, timings));
    }
    for (const [name, filter] of [['following cursors, no filter', {}], ['following cursors, alertname', { alertname: 'Rule05' }]] as const) {
      progress(`pages: ${name}`);
      const timings = newTimings();
      let storeCursor: string | undefined;
      let apiCursor: string | undefined;
      for (let i = 0; i < QUERY_SAMPLES; i++) {
        const start = performance.now();
        const page = await store.query(filter, 100, storeCursor);
        timings.store.push(performance.now() - start);
        storeCursor = page.nextCursor ?? undefined;
        const apiPage = await api.page(filter, 100, apiCursor);
        timings.api.push(apiPage.ms);
        apiCursor = apiPage.nextCursor ?? undefined;
        timings.records = apiPage.records;
      }
      rows.push(caseRow(`${name} (${QUERY_SAMPLES} successive pages)`, 100, timings));
    }
  } finally {
    api.close();
    await bridge.cleanup();
    await telegram.close();
    await store.close();
  }
  return [...rows, ''];
}

async function main(): Promise<void> {
  const influx = await startInfluxDB({ data: AGED_STORAGE });
  try {
    const lines = [
      '## Alert bridge: history pages over 1,000,000 records',
      '',
      `Generated by \`node --import tsx bench/bridge-history.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\`.`,
      '',
      `${new Date().toISOString()}: alert-bridge ${await sourceRevision('alert-bridge/src')}, influxd 1.6.7 (Debian) on loopback, Node ${process.version}, ${os.cpus().length} CPUs shared by the bench (the store in it), the bridge and influxd; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
      '',
    ];
    lines.push(...(await benchPages(influx)));
    process.stdout.write(`${lines.join('\n')}\n`);
    if (process.argv.includes('--write')) await writeReportSection(new URL('../BENCHMARKS.md', import.meta.url), 'bridge-history-bench', lines.join('\n'));
  } finally {
    await influx.cleanup();
  }
}

await main();
