// How large a host our exporter serves within the heap its shebang gives it. Each row is a fresh exporter,
// started as an executable (shebang flags), pointed at a synthetic host (test/helpers/large-host.ts) and
// scraped by 40 clients at once, --web.max-requests' default. Markdown to stdout (and BENCHMARKS.md with
// --write), progress to stderr.
import { readFileSync } from 'node:fs';
import { collectorFlags, exporterMain } from '../test/helpers/exporters.js';
import { hostPathFlags, writeLargeHost } from '../test/helpers/large-host.js';
import { freePort } from '../test/helpers/ports.js';
import { makeTempDir, startProcess, waitForHttp } from '../test/helpers/processes.js';
import { PROMETHEUS_2_42_HEADERS } from './lib/http-scraper.js';
import { describeMachine } from './lib/machine.js';
import { count, mib, ms, table } from './lib/markdown.js';
import { parseBenchOptions } from './lib/options.js';
import { readResidentMemory } from './lib/proc-stats.js';
import { median } from './lib/quantiles.js';
import { writeReportSection } from './lib/report-section.js';

const REPORT_FILE = new URL('../BENCHMARKS.md', import.meta.url);
const CLIENTS = 40;
const HOSTS = [
  { cpus: 8, filesystems: 10 },
  { cpus: 256, filesystems: 1000 },
  { cpus: 512, filesystems: 3000 },
  { cpus: 512, filesystems: 3500 },
  { cpus: 512, filesystems: 4500 },
] as const;

interface HostResult {
  readonly cpus: number;
  readonly filesystems: number;
  /** From one plain-text scrape before the clients start; undefined when that scrape failed. */
  readonly series: number | undefined;
  readonly bodyBytes: number | undefined;
  /** Wall time of that plain-text scrape, alone. */
  readonly soloMs: number;
  readonly answered: number;
  readonly failed: number;
  readonly exitedWith: string | undefined;
  readonly medianMs: number;
  readonly peakRss: number;
}

const progress = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

async function measureHost(cpus: number, filesystems: number, scrapesPerClient: number): Promise<HostResult> {
  const dir = await makeTempDir('hostwatch-bench-large-host-');
  try {
    const host = await writeLargeHost(dir.path, cpus, filesystems);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const exporter = startProcess(exporterMain, [`--web.listen-address=127.0.0.1:${port}`, ...collectorFlags(), ...hostPathFlags(host)]);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, exporter);
      const pid = exporter.child.pid ?? 0;
      const soloStart = performance.now();
      const text = await fetch(url, { headers: { accept: 'text/plain;version=0.0.4', 'accept-encoding': 'identity' } }).then(
        (response) => response.text(),
        () => undefined,
      );
      const soloMs = performance.now() - soloStart;
      let peakRss = 0;
      const sampler = setInterval(() => {
        readResidentMemory(pid).then(
          (m) => (peakRss = Math.max(peakRss, m.rss)),
          () => {},
        );
      }, 50);
      const latencies: number[] = [];
      let failed = 0;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let i = 0; i < scrapesPerClient; i++) {
            const start = performance.now();
            try {
              const response = await fetch(url, { headers: PROMETHEUS_2_42_HEADERS as Record<string, string> });
              // fetch undoes the gzip; a whole OpenMetrics body ends in # EOF.
              const body = await response.text();
              if (response.status !== 200 || !body.endsWith('# EOF\n')) failed += 1;
              else latencies.push(performance.now() - start);
            } catch {
              failed += 1;
            }
          }
        }),
      );
      clearInterval(sampler);
      const exit = exporter.child.exitCode ?? exporter.child.signalCode ?? undefined;
      return {
        cpus,
        filesystems,
        series: text?.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length,
        bodyBytes: text === undefined ? undefined : Buffer.byteLength(text),
        soloMs: text === undefined ? Number.NaN : soloMs,
        answered: latencies.length,
        failed,
        exitedWith: exit === undefined ? undefined : String(exit),
        medianMs: latencies.length > 0 ? median(latencies) : Number.NaN,
        peakRss,
      };
    } finally {
      await exporter.stop();
    }
  } finally {
    await dir.remove();
  }
}

function render(results: readonly HostResult[], command: string, machine: string, flags: string, scrapes: number): string {
  const rows = results.map((r) => [
    `${count(r.cpus)} CPUs, ${count(r.filesystems)} filesystems`,
    r.series === undefined ? 'n/a (first scrape failed)' : count(r.series),
    r.bodyBytes === undefined ? 'n/a' : `${(r.bodyBytes / 1e6).toFixed(2)} MB`,
    ms(r.soloMs, 1),
    `${count(r.answered)} of ${count(CLIENTS * scrapes)}`,
    r.exitedWith === undefined ? 'running' : `**died (${r.exitedWith})**`,
    ms(r.medianMs, 1),
    r.peakRss > 0 ? mib(r.peakRss) : 'n/a',
  ]);
  return [
    '## Exporter: large hosts within the shipped heap',
    '',
    `Generated by \`${command}\` on ${new Date().toISOString()}.`,
    `Machine: ${machine}.`,
    '',
    `Our exporter as an executable, so with its shebang's flags (\`${flags}\`), pointed at a synthetic host`,
    '(`test/helpers/large-host.ts`: a /proc/stat with that many CPUs, a mount table with that many ext4',
    'filesystems, each a directory) with the shared collectors, and scraped by',
    `${CLIENTS} clients at once (\`--web.max-requests\`' default), ${scrapes} scrapes each, with Prometheus' headers.`,
    'Series, text size and time are from a first plain-text scrape, alone (cold: its code not yet compiled). The median',
    `latency at ${CLIENTS} at once includes waiting for the turn, since scrapes are served one at a time. Peak RSS is`,
    'sampled every 50 ms.',
    '',
    table(
      ['host', 'series', 'text 0.0.4', 'first scrape, alone', `${CLIENTS} at once: answered 200`, 'exporter after', 'median latency', 'peak RSS'],
      rows,
    ),
    '',
    '- A scrape holds about 0.5 MB of heap per 1,000 series at its peak, so the 20 MB old space serves',
    "  about 30,000 series; beyond that V8 stops the process (the README says how to give a larger host more).",
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const scrapes = options.quick ? 1 : 3;
  const machine = await describeMachine();
  const flags = (readFileSync(exporterMain, 'utf8').split('\n', 1)[0] ?? '').replace('#!/usr/bin/env -S node ', '');
  const results: HostResult[] = [];
  for (const { cpus, filesystems } of HOSTS) {
    progress(`large host: ${cpus} CPUs, ${filesystems} filesystems`);
    results.push(await measureHost(cpus, filesystems, scrapes));
  }
  const machineLine =
    `${machine.cpus} × ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.kernel}, ` +
    `Node.js ${machine.node}, exporter ${machine.exporterRevision}`;
  const command = ['node --import tsx bench/exporter-large-hosts.ts', options.write ? '--write' : '', options.quick ? '--quick' : '']
    .filter(Boolean)
    .join(' ');
  const report = render(results, command, machineLine, flags, scrapes);
  process.stdout.write(report);
  if (options.write) {
    await writeReportSection(REPORT_FILE, 'exporter-large-hosts', report);
    progress('wrote BENCHMARKS.md');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
