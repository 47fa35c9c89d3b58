import { readFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import { freePort } from '../../test/helpers/ports.js';
import { startProcess, waitForHttp, type RunningProcess } from '../../test/helpers/processes.js';
import { exporterMain, NODE_EXPORTER_BINARY } from '../../test/helpers/exporters.js';
import { Scraper, type ScrapeResult } from './http-scraper.js';
import { readCpuTicks, readResidentMemory, type ResidentMemory } from './proc-stats.js';

export interface MemorySample extends ResidentMemory {
  /** Scrapes this process had answered when the sample was taken (warm-up included). */
  readonly served: number;
}

/** One exporter process on loopback, with its own keep-alive connection and its memory series. */
export class ExporterUnderTest {
  private served = 0;
  private readonly samples: MemorySample[] = [];
  private readonly scraper: Scraper;

  constructor(
    readonly name: string,
    readonly process: RunningProcess,
    url: string,
    /** A memory sample is taken each time the served count reaches a multiple of this. */
    private readonly memoryEvery: number,
  ) {
    this.scraper = new Scraper(new URL('/metrics', url));
  }

  get pid(): number {
    const { pid } = this.process.child;
    if (pid === undefined) throw new Error(`${this.name} has no pid`);
    return pid;
  }

  get memorySeries(): readonly MemorySample[] {
    return this.samples;
  }

  async scrape(headers: OutgoingHttpHeaders): Promise<ScrapeResult> {
    const result = await this.scraper.scrape(headers);
    this.served += 1;
    if (this.served % this.memoryEvery === 0) await this.sampleMemory();
    return result;
  }

  async sampleMemory(): Promise<MemorySample> {
    const sample = { served: this.served, ...(await readResidentMemory(this.pid)) };
    this.samples.push(sample);
    return sample;
  }

  /**
   * Collectors that reported node_scrape_collector_success 0 in one plain-text scrape (counted as
   * served): a side-by-side run where one side skips work compares nothing.
   */
  async failedCollectors(): Promise<string[]> {
    const response = await fetch(this.scraper.url, { headers: { Accept: 'text/plain;version=0.0.4' } });
    const body = await response.text();
    this.served += 1;
    return [...body.matchAll(/^node_scrape_collector_success\{collector="([^"]+)"\} 0$/gm)].map((m) => m[1] as string);
  }

  cpuTicks(): Promise<number> {
    return readCpuTicks(this.pid);
  }

  async stop(): Promise<void> {
    this.scraper.close();
    await this.process.stop();
  }
}

export interface LaunchOptions {
  /** Exporter flags both sides get (collector selection, --web.disable-exporter-metrics). */
  readonly exporterFlags: readonly string[];
  readonly memoryEvery: number;
}

async function launch(name: string, command: string, args: readonly string[], options: LaunchOptions): Promise<ExporterUnderTest> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess(command, [...args, `--web.listen-address=127.0.0.1:${port}`, ...options.exporterFlags]);
  await waitForHttp(`${url}/`, child);
  return new ExporterUnderTest(name, child, url, options.memoryEvery);
}

/** The Node.js flags the exporter ships with: its shebang's, `#!/usr/bin/env -S node FLAGS`. */
export function shippedNodeFlags(): string[] {
  const shebang = readFileSync(exporterMain, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node\b(.*)$/.exec(shebang);
  if (!match) throw new Error(`${exporterMain} does not start with "#!/usr/bin/env -S node": ${shebang}`);
  return (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

/** `node [nodeFlags] exporter/dist/main.js`, so that /proc/PID is the exporter itself and not a wrapper. */
export function launchHostwatch(nodeFlags: readonly string[], options: LaunchOptions): Promise<ExporterUnderTest> {
  return launch('hostwatch', 'node', [...nodeFlags, exporterMain], options);
}

export function launchNodeExporter(options: LaunchOptions): Promise<ExporterUnderTest> {
  return launch('node_exporter', NODE_EXPORTER_BINARY, [], options);
}
