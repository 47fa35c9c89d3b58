import type { OutgoingHttpHeaders } from 'node:http';
import type { ScrapeResult } from './http-scraper.js';
import type { ExporterUnderTest } from './exporter-under-test.js';

export interface PassOptions {
  readonly name: string;
  readonly headers: OutgoingHttpHeaders;
  /** CPU is read at block boundaries; one block must be long enough for 10 ms ticks to average out. */
  readonly blocks: number;
  readonly blockSize: number;
}

export interface SideResult {
  readonly latenciesMs: number[];
  /** utime+stime ticks spent in each block. */
  readonly blockTicks: number[];
  readonly lastResponse?: ScrapeResult;
}

export interface PassResult {
  readonly name: string;
  readonly blockSize: number;
  readonly ours: SideResult;
  readonly theirs: SideResult;
}

function emptySide(): { latenciesMs: number[]; blockTicks: number[]; lastResponse?: ScrapeResult } {
  return { latenciesMs: [], blockTicks: [] };
}

/** Alternates single scrapes (ours, theirs, ours, ...), so drift in machine load hits both alike. */
export async function runPass(ours: ExporterUnderTest, theirs: ExporterUnderTest, options: PassOptions): Promise<PassResult> {
  const sides = [
    { target: ours, result: emptySide() },
    { target: theirs, result: emptySide() },
  ];
  for (let block = 0; block < options.blocks; block += 1) {
    const before = await Promise.all(sides.map((s) => s.target.cpuTicks()));
    for (let i = 0; i < options.blockSize; i += 1) {
      for (const { target, result } of sides) {
        const response = await target.scrape(options.headers);
        result.latenciesMs.push(response.ms);
        result.lastResponse = response;
      }
    }
    const after = await Promise.all(sides.map((s) => s.target.cpuTicks()));
    sides.forEach((s, i) => s.result.blockTicks.push((after[i] as number) - (before[i] as number)));
  }
  const [oursSide, theirsSide] = sides as [(typeof sides)[0], (typeof sides)[0]];
  return { name: options.name, blockSize: options.blockSize, ours: oursSide.result, theirs: theirsSide.result };
}

/** Lets V8 compile the hot paths and both processes fault in their pages before anything is measured. */
export async function warmUp(targets: readonly ExporterUnderTest[], scrapes: number, headers: OutgoingHttpHeaders): Promise<void> {
  for (let i = 0; i < scrapes; i += 1) {
    for (const target of targets) await target.scrape(headers);
  }
}
