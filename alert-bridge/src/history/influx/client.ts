import http from 'node:http';
import https from 'node:https';
import { InfluxDB } from 'influx';
import { classifyException, classifyResponse, InfluxStoreError } from './errors.js';
import { showRetentionPolicies } from './queries.js';
import type { InfluxLocation } from './url.js';

export interface InfluxSeries {
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

export interface InfluxClientOptions {
  readonly username?: string;
  readonly password?: string;
  /** A deadline for each whole request, so that a hung InfluxDB fails the webhook instead of holding it. */
  readonly timeoutMs: number;
}

/**
 * The calls the store makes, each ending in success or an InfluxStoreError. InfluxQL goes through the
 * influx package; writes are a plain POST /write of line protocol we format ourselves (line-protocol.ts).
 * Neither retries: the caller decides (Alertmanager retries the webhook on 5xx).
 */
export class InfluxClient {
  private readonly influx: InfluxDB;
  private readonly writePath: string;
  private readonly authorization: string | undefined;
  /** Keep-alive connections for writes: node:http costs a fraction of fetch's CPU per request. */
  private readonly agent: http.Agent;

  constructor(
    private readonly location: InfluxLocation,
    private readonly options: InfluxClientOptions,
  ) {
    const username = options.username ?? location.username;
    const password = options.password ?? location.password ?? '';
    this.influx = new InfluxDB({
      hosts: [{ host: location.host, port: location.port, protocol: location.protocol, path: location.pathPrefix }],
      database: location.database,
      username,
      password,
      // The pool would otherwise resend a failed request twice and shun the host for up to 10 s after an
      // outage; one short back-off keeps /ping and the first queries after a restart from failing long.
      pool: { maxRetries: 0, requestTimeout: options.timeoutMs, backoff: shortBackoff(0) },
    });
    this.writePath = `${location.pathPrefix}/write?${new URLSearchParams({ db: location.database, precision: 'ns' })}`;
    this.agent = location.protocol === 'https' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    this.authorization = username === undefined ? undefined : `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  get database(): string {
    return this.location.database;
  }

  /** Runs the statements in one request; returns each statement's series. */
  async query(statements: readonly string[], params: Record<string, string> = {}): Promise<InfluxSeries[][]> {
    let raw: { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
    try {
      raw = (await this.influx.queryRaw(statements.join(';\n'), {
        placeholders: params,
        method: 'POST',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })) as typeof raw;
    } catch (error) {
      throw classifyException(error);
    }
    const failed = raw.error ?? raw.results?.find((r) => r.error !== undefined)?.error;
    if (failed !== undefined) throw classifyResponse(400, JSON.stringify({ error: failed }));
    if (raw.results?.length !== statements.length) throw new InfluxStoreError('bad_response', 'results do not match the statements');
    return raw.results.map((r) => r.series ?? []);
  }

  /** Resolves once InfluxDB has answered 204: the points are in its WAL, fsynced (wal-fsync-delay 0s, the default). */
  async write(retentionPolicy: string, lines: readonly string[]): Promise<void> {
    const body = Buffer.from(lines.join('\n'));
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = (this.location.protocol === 'https' ? https : http).request(
        {
          host: this.location.host,
          port: this.location.port,
          method: 'POST',
          path: `${this.writePath}&rp=${encodeURIComponent(retentionPolicy)}`,
          agent: this.agent,
          signal: AbortSignal.timeout(this.options.timeoutMs),
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': body.length,
            ...(this.authorization === undefined ? {} : { authorization: this.authorization }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    }).catch((error: unknown) => {
      throw classifyException(error);
    });
    if (status < 200 || status > 299) throw classifyResponse(status, text);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * Resolves once a statement goes through the pool the queries use and InfluxDB answers it, whatever
   * the answer (an unknown database is InfluxDB answering). Not /ping: the pool pings a host it has set
   * aside after a failure too, so /readyz said ready while the next query still failed with "No host
   * available" for the rest of the pool's back-off.
   */
  async ping(): Promise<void> {
    try {
      await this.query([showRetentionPolicies(this.location.database)]);
    } catch (error) {
      if (!(error instanceof InfluxStoreError) || (error.transient && error.reason !== 'database_missing')) throw error;
    }
  }
}

/** The influx package's IBackoffStrategy: 100 ms, doubling, at most 1 s. */
function shortBackoff(count: number): { getDelay(): number; next(): ReturnType<typeof shortBackoff>; reset(): ReturnType<typeof shortBackoff> } {
  return {
    getDelay: () => Math.min(1000, 100 * 2 ** count),
    next: () => shortBackoff(count + 1),
    reset: () => shortBackoff(0),
  };
}
