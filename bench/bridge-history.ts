// The alert-bridge's InfluxDB history against the issue's page figure, on a real influxd (Debian's 1.6):
// 1,000,000 records (30 days, 2,000 hosts, 20 rules) filled through the store, then p50/p99 of one page,
// with and without filters, and following cursors. The store is called in-process (no HTTP): these are
// the history store's own figures. Appends are measured end to end, through the bridge, by bench/bridge.ts.
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
const verdict = (latencies: readonly number[]): string => (quantile(latencies, 0.99) <= TARGET_P99_MS ? 'pass' : '**FAIL**');

async function benchPages(influx: StartedInfluxDB): Promise<string[]> {
  const store = new InfluxHistoryStore({ url: influx.urlFor(DATABASE), requestTimeoutMs: 30_000 });
  await store.init();
  progress(`filling ${RECORDS} records`);
  const fillStart = performance.now();
  await fill(store, RECORDS);
  const fillSeconds = (performance.now() - fillStart) / 1000;
  progress('waiting for influxd to compact the shards');
  const compactionSeconds = await waitForCompactions(influx.url, DATABASE);
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
    `no compaction has run or waited for 10 s (after ${compactionSeconds.toFixed(0)} s here). ${QUERY_SAMPLES} queries per case after 20 warm-up queries, one at a time.`,
    '',
    `| case | limit | p50 ms | p99 ms | max ms | records on the last page | p99 at most ${TARGET_P99_MS} ms |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, filter, limit] of cases) {
    progress(`pages: ${name}`);
    const latencies: number[] = [];
    let size = 0;
    for (let i = 0; i < QUERY_SAMPLES + 20; i++) {
      const f = filter();
      const start = performance.now();
      const page = await store.query(f, limit);
      if (i >= 20) latencies.push(performance.now() - start);
      size = page.records.length;
    }
    rows.push(`| ${name} | ${limit} | ${ms(quantile(latencies, 0.5))} | ${ms(quantile(latencies, 0.99))} | ${ms(quantile(latencies, 1))} | ${size} | ${verdict(latencies)} |`);
  }
  for (const [name, filter] of [['following cursors, no filter', {}], ['following cursors, alertname', { alertname: 'Rule05' }]] as const) {
    progress(`pages: ${name}`);
    const latencies: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < QUERY_SAMPLES; i++) {
      const start = performance.now();
      const page = await store.query(filter, 100, cursor);
      latencies.push(performance.now() - start);
      cursor = page.nextCursor ?? undefined;
    }
    rows.push(`| ${name} (${QUERY_SAMPLES} successive pages) | 100 | ${ms(quantile(latencies, 0.5))} | ${ms(quantile(latencies, 0.99))} | ${ms(quantile(latencies, 1))} | 100 | ${verdict(latencies)} |`);
  }
  await store.close();
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
      `${new Date().toISOString()}: alert-bridge ${await sourceRevision('alert-bridge/src')}, influxd 1.6.7 (Debian) on loopback, Node ${process.version}, ${os.cpus().length} CPUs shared by the bench, the store and influxd; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`,
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
