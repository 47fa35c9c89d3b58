import { setTimeout as sleep } from 'node:timers/promises';
import type { NotificationRecord } from '../record.js';
import type { AppendResult, HistoryFilter, HistoryPage, HistoryStore } from '../store.js';
import { executeCommit, planCommit, prepare, type CommitPlan, type IdsInFlight, type PreparedRecord } from './append.js';
import { InfluxClient } from './client.js';
import { InfluxStoreError } from './errors.js';
import { GroupCommit } from './group-commit.js';
import { OccupancyCache } from './occupancy.js';
import { readPage, type Measurements } from './page.js';
import { createDatabase, createRetentionPolicy, isDuration, measurementIn, showRetentionPolicies } from './queries.js';
import { BY_ALERTNAME_MEASUREMENT, MEASUREMENT, TIMELINE_MEASUREMENT } from './schema.js';
import { parseInfluxUrl } from './url.js';

export interface InfluxHistoryStoreOptions {
  /** INFLUXDB_URL: `http://[user:password@]host:8086/<database>`. */
  readonly url: string;
  /** Override the URL's credentials (e.g. from INFLUXDB_PASSWORD_FILE). */
  readonly username?: string;
  readonly password?: string;
  /** Retention policy created (as the database's default) when missing. Default hostwatch_history, 400d. */
  readonly retentionPolicy?: string;
  readonly retentionDuration?: string;
  /** Deadline of each request to InfluxDB; past it the webhook fails with 503. Default 5 s. */
  readonly requestTimeoutMs?: number;
  /** How long init() keeps trying while InfluxDB is unreachable. Default 60 s. */
  readonly initTimeoutMs?: number;
  /** Most points per write (three per record). Default 5,000, InfluxDB's advice for a batch. */
  readonly maxBatchPoints?: number;
  /** Writes in flight at once; more commits overlap, each smaller. Default 2. */
  readonly concurrentWrites?: number;
  /** Most record ids kept to recognise duplicates without reading InfluxDB (occupancy.ts). Default 200,000 (some tens of MB). */
  readonly cachedRecords?: number;
}

/**
 * History in InfluxDB 1.x: three points per alert state, in `<database>.hostwatch_history.notifications`,
 * `notifications_by_alertname` and `notifications_timeline`.
 * Schema and cardinality: schema.ts; point times and idempotency: timestamp.ts, append.ts; paging: page.ts.
 *
 * Retention: 400 days (a year and a month, so last year's incident of the same month is still there),
 * in a retention policy of our own that init() creates as the database's default when it is missing.
 * An existing policy is left as the operator set it. Assumes one bridge writes a database: the duplicate
 * check reads, then writes, serialised inside this process.
 */
export class InfluxHistoryStore implements HistoryStore {
  private readonly client: InfluxClient;
  private readonly retentionPolicy: string;
  private readonly retentionDuration: string;
  private readonly measurements: Measurements;
  private readonly initTimeoutMs: number;
  private readonly commits: GroupCommit<readonly PreparedRecord[], AppendResult, CommitPlan>;
  private readonly inFlight: IdsInFlight = new Map();
  private readonly occupancy: OccupancyCache;
  private closed = false;

  constructor(options: InfluxHistoryStoreOptions) {
    const location = parseInfluxUrl(options.url);
    this.client = new InfluxClient(location, {
      username: options.username,
      password: options.password,
      timeoutMs: options.requestTimeoutMs ?? 5000,
    });
    this.retentionPolicy = options.retentionPolicy ?? 'hostwatch_history';
    this.retentionDuration = options.retentionDuration ?? '400d';
    if (!isDuration(this.retentionDuration)) throw new RangeError(`retention duration ${JSON.stringify(this.retentionDuration)} is not an InfluxQL duration`);
    this.measurements = {
      host: measurementIn(this.retentionPolicy, MEASUREMENT),
      byAlertname: measurementIn(this.retentionPolicy, BY_ALERTNAME_MEASUREMENT),
      timeline: measurementIn(this.retentionPolicy, TIMELINE_MEASUREMENT),
    };
    this.initTimeoutMs = options.initTimeoutMs ?? 60_000;
    this.occupancy = new OccupancyCache(this.client, this.measurements.timeline, options.cachedRecords ?? 200_000);
    this.commits = new GroupCommit(
      {
        plan: (jobs) => this.plan(jobs),
        execute: (plan) => executeCommit(this.occupancy, this.inFlight, (lines) => this.write(lines), plan),
      },
      { maxWeight: options.maxBatchPoints ?? 5000, weight: (job) => 3 * job.length, concurrency: options.concurrentWrites ?? 2 },
    );
  }

  /**
   * Creates the database and retention policy when missing. While InfluxDB is unreachable it keeps
   * trying for initTimeoutMs (a bridge started together with InfluxDB should not crash-loop), then
   * rejects with the last error; a refusal (bad credentials, no privilege) rejects at once.
   */
  async init(): Promise<void> {
    const deadline = Date.now() + this.initTimeoutMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
      try {
        await this.ensureSchema();
        await this.occupancy.prime();
        return;
      } catch (error) {
        if (!(error instanceof InfluxStoreError) || !error.transient || Date.now() + delay > deadline) throw error;
      }
      await sleep(delay);
    }
  }

  async append(records: readonly NotificationRecord[]): Promise<AppendResult> {
    if (this.closed) throw new Error('InfluxHistoryStore is closed');
    if (records.length === 0) return { inserted: 0, duplicates: 0, insertedIds: [] };
    let prepared: PreparedRecord[];
    try {
      prepared = records.map(prepare);
    } catch (error) {
      // A time InfluxDB cannot hold (before 1677 or after 2262) or that is not RFC 3339: never storable.
      throw new InfluxStoreError('rejected', (error as Error).message, undefined, { cause: error });
    }
    return this.commits.submit(prepared);
  }

  query(filter: HistoryFilter, limit: number, cursor?: string): Promise<HistoryPage> {
    return readPage(this.client, this.measurements, filter, limit, cursor);
  }

  ping(): Promise<void> {
    return this.client.ping();
  }

  /** Waits for appends in progress, then closes the idle connections. */
  async close(): Promise<void> {
    this.closed = true;
    await this.commits.idle();
    this.client.close();
  }

  private async ensureSchema(): Promise<void> {
    const database = this.client.database;
    try {
      await this.client.query([createDatabase(database)]);
    } catch (error) {
      // A user without admin rights cannot create databases, but may use one an admin prepared.
      if (!(error instanceof InfluxStoreError) || error.reason !== 'unauthorized') throw error;
    }
    const [policies] = await this.client.query([showRetentionPolicies(database)]);
    const names = (policies ?? []).flatMap((series) => series.values.map((row) => row[series.columns.indexOf('name')]));
    if (!names.includes(this.retentionPolicy)) {
      await this.client.query([createRetentionPolicy(this.retentionPolicy, database, this.retentionDuration)]);
    }
  }

  private async write(lines: readonly string[]): Promise<void> {
    try {
      await this.client.write(this.retentionPolicy, lines);
    } catch (error) {
      // The database was dropped under us: what we knew of its contents is void. Create it, write again.
      if (!(error instanceof InfluxStoreError) || error.reason !== 'database_missing') throw error;
      this.occupancy.reset();
      await this.ensureSchema();
      await this.client.write(this.retentionPolicy, lines);
    }
  }

  private async plan(jobs: readonly (readonly PreparedRecord[])[]): Promise<CommitPlan> {
    try {
      return await planCommit(this.occupancy, this.inFlight, jobs);
    } catch (error) {
      // Dropped while we run (or never created because init() was skipped): create it, forget what we
      // knew of its contents, and plan again.
      if (!(error instanceof InfluxStoreError) || error.reason !== 'database_missing') throw error;
      this.occupancy.reset();
      await this.ensureSchema();
      return planCommit(this.occupancy, this.inFlight, jobs);
    }
  }
}
