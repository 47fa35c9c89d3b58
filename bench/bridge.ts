// The alert-bridge against the issue's numbers, end to end: the built bridge as its own process on a
// real influxd 1.x (Debian's), 32 concurrent clients posting webhooks of 10 alerts over 2,000 hosts;
// the same points written straight to InfluxDB's /write in the same run as the baseline; then every
// acknowledged alert looked up in InfluxDB. Two loads: unpaced (each client sends again once answered:
// capacity) and paced at the issue's 5,000 alerts/s (latency at that rate), in rounds that alternate the
// bridge and raw InfluxDB, since on a shared machine one round's p99 can differ from the next by half.
// Paced only, a third load writes each record once (its timeline point alone): how much of the tail is
// the weight of what is written rather than the bridge.
// Build first: npx tsc -b alert-bridge.
// Run: node --import tsx bench/bridge.ts [--write] [--webhooks=4000] [--paced-webhooks=5000] [--paced-rounds=3]
//   [--rate=5000] [--clients=32]
// Markdown goes to stdout (and between the bridge-bench markers of BENCHMARKS.md with --write), progress to stderr.
import { startInfluxDB, type StartedInfluxDB } from '../test/helpers/influxdb.js';
import { countCacheSnapshots } from './lib/influxd-engine.js';
import { writeReportSection } from './lib/report-section.js';
import { startBridge, type StartedBridge } from './bridge-lib/bridge-process.js';
import { measureCpuUse } from './bridge-lib/cpu-use.js';
import { runLoad, type LoadRequest, type LoadResult, type LoadTarget } from './bridge-lib/load.js';
import { describeMachine, renderReport, TARGET_ALERTS_PER_SECOND, type PacedRun } from './bridge-lib/report.js';
import { verifyStored } from './bridge-lib/verify.js';
import { ALERTS_PER_WEBHOOK, generateWebhooks, HOSTS, type GeneratedWebhook } from './bridge-lib/webhooks.js';

const REPORT_FILE = new URL('../BENCHMARKS.md', import.meta.url);
const BRIDGE_DATABASE = 'hostwatch_bench';
const RAW_DATABASE = 'hostwatch_bench_raw';
const RAW_ONCE_DATABASE = 'hostwatch_bench_raw_once';
/** Webhooks sent before the measured run, so that neither JIT warm-up nor influxd's first shard counts. */
const WARM_UP_WEBHOOKS = 200;

const option = (name: string, fallback: number): number => {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg === undefined ? fallback : Number(arg.slice(name.length + 3));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive integer`);
  return value;
};
const progress = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

const webhookRequests = (webhooks: readonly GeneratedWebhook[]): LoadRequest[] => webhooks.map((w) => ({ body: w.json, items: ALERTS_PER_WEBHOOK }));
const lineRequests = (webhooks: readonly GeneratedWebhook[]): LoadRequest[] => webhooks.map((w) => ({ body: w.lines, items: ALERTS_PER_WEBHOOK }));
const timelineRequests = (webhooks: readonly GeneratedWebhook[]): LoadRequest[] => webhooks.map((w) => ({ body: w.timelineLines, items: ALERTS_PER_WEBHOOK }));
const pacedRun = async (influxUrl: string, database: string, run: () => Promise<LoadResult>): Promise<PacedRun> => {
  const [result, snapshots] = await countCacheSnapshots(influxUrl, database, run);
  return { result, snapshots };
};
const acknowledgedIds = (webhooks: readonly GeneratedWebhook[], result: LoadResult): string[] =>
  webhooks.flatMap((w, i) => (result.responses[i] === undefined ? [] : w.ids));

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const webhookCount = option('webhooks', 4000);
  const pacedCount = option('paced-webhooks', 5000);
  const roundCount = option('paced-rounds', 3);
  const alertsPerSecond = option('rate', TARGET_ALERTS_PER_SECOND);
  const clients = option('clients', 32);
  const date = new Date();
  const machine = await describeMachine();

  progress(`generating ${WARM_UP_WEBHOOKS + webhookCount + roundCount * pacedCount} webhooks`);
  const all = generateWebhooks(WARM_UP_WEBHOOKS + webhookCount + roundCount * pacedCount, Date.now() - 3_600_000);
  const warmUp = all.slice(0, WARM_UP_WEBHOOKS);
  const measured = all.slice(WARM_UP_WEBHOOKS, WARM_UP_WEBHOOKS + webhookCount);
  const rounds = Array.from({ length: roundCount }, (_, r) => all.slice(WARM_UP_WEBHOOKS + webhookCount + r * pacedCount).slice(0, pacedCount));
  const pace = { perSecond: alertsPerSecond / ALERTS_PER_WEBHOOK };

  let influx: StartedInfluxDB | undefined;
  let bridge: StartedBridge | undefined;
  try {
    progress('starting influxd');
    influx = await startInfluxDB();
    await influx.query(`CREATE DATABASE "${RAW_DATABASE}"`);
    await influx.query(`CREATE DATABASE "${RAW_ONCE_DATABASE}"`);
    progress('starting the bridge');
    bridge = await startBridge(influx.urlFor(BRIDGE_DATABASE));
    const bridgeTarget = {
      url: `${bridge.url}/webhook`,
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      ackStatus: 200,
    };
    const influxUrl = influx.url;
    const writeTo = (database: string): LoadTarget => ({ url: `${influxUrl}/write?db=${database}&precision=ns`, headers: { 'content-type': 'text/plain' }, ackStatus: 204 });
    const rawTarget = writeTo(RAW_DATABASE);
    const rawOnceTarget = writeTo(RAW_ONCE_DATABASE);

    progress(`warming up: ${WARM_UP_WEBHOOKS} webhooks to the bridge, as many writes to InfluxDB`);
    const warmUpResult = await runLoad(bridgeTarget, webhookRequests(warmUp), clients);
    await runLoad(rawTarget, lineRequests(warmUp), clients);
    await runLoad(rawOnceTarget, timelineRequests(warmUp), clients);

    progress(`bridge: ${measured.length} webhooks by ${clients} clients`);
    const processes = { bridge: bridge.process.child.pid ?? 0, influxd: influx.pid(), 'load generator': 'self' as const };
    const [bridgeResult, bridgeCpu] = await measureCpuUse(processes, () => runLoad(bridgeTarget, webhookRequests(measured), clients));
    progress(`raw: ${measured.length} line-protocol writes by ${clients} clients`);
    const [raw, rawCpu] = await measureCpuUse(processes, () =>
      runLoad(rawTarget, lineRequests(measured), clients),
    );
    const bridgePaced: PacedRun[] = [];
    const rawPaced: PacedRun[] = [];
    const rawOncePaced: PacedRun[] = [];
    for (const [round, webhooks] of rounds.entries()) {
      progress(`paced round ${round + 1} of ${rounds.length}: ${webhooks.length} webhooks at ${pace.perSecond}/s to the bridge, then as many writes to InfluxDB, of all three points and of the timeline point alone`);
      bridgePaced.push(await pacedRun(influx.url, BRIDGE_DATABASE, () => runLoad(bridgeTarget, webhookRequests(webhooks), clients, pace)));
      rawPaced.push(await pacedRun(influx.url, RAW_DATABASE, () => runLoad(rawTarget, lineRequests(webhooks), clients, pace)));
      rawOncePaced.push(await pacedRun(influx.url, RAW_ONCE_DATABASE, () => runLoad(rawOnceTarget, timelineRequests(webhooks), clients, pace)));
    }
    const again = measured.slice(0, Math.ceil(measured.length / 10));
    progress(`duplicates: the first ${again.length} webhooks again`);
    const duplicates = await runLoad(bridgeTarget, webhookRequests(again), clients);
    const duplicatesReported = duplicates.responses.reduce((sum, text) => sum + (text ? (JSON.parse(text) as { duplicates: number }).duplicates : 0), 0);

    progress('looking up every acknowledged alert in InfluxDB');
    const ids = [...acknowledgedIds(warmUp, warmUpResult), ...acknowledgedIds(measured, bridgeResult), ...rounds.flatMap((webhooks, r) => acknowledgedIds(webhooks, (bridgePaced[r] as PacedRun).result))];
    const verification = await verifyStored(influx, BRIDGE_DATABASE, ids);

    const command = `node --import tsx bench/bridge.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
    const report = renderReport(machine, {
      date,
      command,
      clients,
      webhooks: measured.length,
      alertsPerWebhook: ALERTS_PER_WEBHOOK,
      hosts: HOSTS,
      bridge: bridgeResult,
      bridgeCpu,
      raw,
      rawCpu,
      bridgePaced,
      rawPaced,
      rawOncePaced,
      duplicates,
      duplicatesReported,
      verification,
    });
    process.stdout.write(report);
    if (write) {
      await writeReportSection(REPORT_FILE, 'bridge-bench', report);
      progress('wrote the bridge section of BENCHMARKS.md');
    }
  } finally {
    await bridge?.cleanup();
    await influx?.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
