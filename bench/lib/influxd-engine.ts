import { setTimeout as sleep } from 'node:timers/promises';

/**
 * influxd settings that make a history written in minutes look as one written over a month does: in
 * service a shard's cache goes to disk 10 minutes after its last write and the shard is fully compacted
 * 4 hours after (influxd's defaults); a bench that fills a month in minutes would otherwise time its
 * queries over half-compacted shards, while influxd compacts them.
 */
export const AGED_STORAGE = { 'cache-snapshot-write-cold-duration': '5s', 'compact-full-write-cold-duration': '20s' } as const;

interface EngineVars {
  readonly name?: string;
  readonly tags?: { readonly database?: string };
  readonly values?: Readonly<Record<string, number>>;
}

/** Sums of the database's shards' tsm1_engine counters in influxd's /debug/vars. */
async function engineCounters(influxUrl: string, database: string): Promise<Record<string, number>> {
  const vars = (await (await fetch(`${influxUrl}/debug/vars`)).json()) as Record<string, EngineVars>;
  const sums: Record<string, number> = {};
  for (const engine of Object.values(vars)) {
    if (engine.name !== 'tsm1_engine' || engine.tags?.database !== database) continue;
    for (const [key, value] of Object.entries(engine.values ?? {})) sums[key] = (sums[key] ?? 0) + value;
  }
  return sums;
}

/** Compactions running or queued in the database's shards. */
async function compactionsPending(influxUrl: string, database: string): Promise<number> {
  const counters = await engineCounters(influxUrl, database);
  return Object.entries(counters).reduce((sum, [key, value]) => (/CompactionsActive$|CompactionQueue$/.test(key) ? sum + value : sum), 0);
}

export interface CacheSnapshots {
  readonly count: number;
  /** Their time in all (influxd counts it in nanoseconds). */
  readonly ms: number;
}

/**
 * The times influxd wrote the database's in-memory cache to a TSM file while `run` ran: at thousands of
 * points a second that happens every few seconds, and writes answer slower meanwhile.
 */
export async function countCacheSnapshots<T>(influxUrl: string, database: string, run: () => Promise<T>): Promise<[T, CacheSnapshots]> {
  const before = await engineCounters(influxUrl, database);
  const result = await run();
  const after = await engineCounters(influxUrl, database);
  const delta = (key: string): number => (after[key] ?? 0) - (before[key] ?? 0);
  return [result, { count: delta('cacheCompactions'), ms: delta('cacheCompactionDuration') / 1e6 }];
}

/**
 * Waits until the database's shards have been snapshotted, fully compacted and left alone: no
 * compaction running or queued for `quietMs` after at least `minimumMs` (past the cold durations above).
 * Returns the seconds waited.
 */
export async function waitForCompactions(influxUrl: string, database: string, minimumMs = 30_000, quietMs = 10_000, timeoutMs = 900_000): Promise<number> {
  const started = Date.now();
  let quietSince = Date.now();
  for (;;) {
    if ((await compactionsPending(influxUrl, database)) > 0) quietSince = Date.now();
    const now = Date.now();
    if (now - started >= minimumMs && now - quietSince >= quietMs) return (now - started) / 1000;
    if (now - started > timeoutMs) throw new Error(`influxd still compacting ${database} after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}
