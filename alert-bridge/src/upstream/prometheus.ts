import { UpstreamError } from './errors.js';
import { buildHostStatus, HOST_STATUS_QUERIES, RESOURCES, THRESHOLD_QUERIES, type HostStatus, type Resource } from './host-status.js';
import { JsonHttpClient, type UpstreamClientOptions } from './json-http-client.js';
import { PrometheusErrorAnswer, PrometheusQueryEnvelope, PrometheusVectorAnswer } from './prometheus-answers.js';

/** One element of an instant vector. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  /** NaN and ±Infinity are kept as such. */
  readonly value: number;
  readonly time: Date;
}

const QUERY_PATH = '/api/v1/query';

/** Prometheus's HTTP API (PROMETHEUS_URL), read-only. */
export class PrometheusClient {
  private readonly http: JsonHttpClient;

  constructor(options: UpstreamClientOptions) {
    this.http = new JsonHttpClient('Prometheus', options);
  }

  /** The URL without credentials, for logs. */
  get baseUrl(): string {
    return this.http.location.baseUrl;
  }

  /** An instant query that must return a vector; `time` defaults to Prometheus's now. */
  async query(promql: string, time?: Date): Promise<Sample[]> {
    const query = new URLSearchParams({ query: promql });
    if (time !== undefined) query.set('time', (time.getTime() / 1000).toFixed(3));
    const answer = await this.http.send('GET', QUERY_PATH, { query });
    if (PrometheusErrorAnswer.Check(answer.json)) {
      const { errorType, error } = answer.json;
      // errorType "timeout" is the query's own deadline (--query.timeout), not ours.
      const reason = errorType === 'timeout' ? 'timeout' : 'rejected';
      throw this.http.error(reason, `refused the query (${errorType}): ${error}`, answer.status);
    }
    if (!answer.ok) throw this.http.statusError(`GET ${QUERY_PATH}`, answer);
    const envelope = this.http.validate(PrometheusQueryEnvelope, answer.json, `GET ${QUERY_PATH}`, answer.status);
    if (envelope.data.resultType !== 'vector') {
      throw this.http.error('bad_response', `answered with a ${envelope.data.resultType}, not an instant vector (query: ${promql})`, answer.status);
    }
    const vector = this.http.validate(PrometheusVectorAnswer, answer.json, `GET ${QUERY_PATH}`, answer.status);
    return vector.data.result.map(({ metric, value: [seconds, text] }) => ({
      labels: metric,
      value: parseSampleValue(text),
      time: new Date(seconds * 1000),
    }));
  }

  /** CPU, memory, fullest disk, up and uptime of every host, all read at one instant; see buildHostStatus. */
  async hostStatus(): Promise<HostStatus[]> {
    const time = new Date();
    const names = Object.keys(HOST_STATUS_QUERIES) as (keyof typeof HOST_STATUS_QUERIES)[];
    const [results, thresholds] = await Promise.all([
      Promise.all(names.map((name) => this.query(HOST_STATUS_QUERIES[name], time))),
      Promise.all(RESOURCES.map((resource) => this.optionalQuery(THRESHOLD_QUERIES[resource], time))),
    ]);
    const samples = Object.fromEntries(names.map((name, i) => [name, results[i] ?? []])) as Record<(typeof names)[number], Sample[]>;
    return buildHostStatus({
      ...samples,
      thresholds: Object.fromEntries(RESOURCES.map((r, i) => [r, thresholds[i] ?? []])) as Record<Resource, Sample[]>,
    });
  }

  /** The thresholds are an extra: a Prometheus that cannot evaluate them still gets a status with defaults. */
  private async optionalQuery(promql: string, time: Date): Promise<Sample[]> {
    try {
      return await this.query(promql, time);
    } catch (error) {
      if (error instanceof UpstreamError && (error.reason === 'rejected' || error.reason === 'bad_response')) return [];
      throw error;
    }
  }
}

/** Prometheus writes special values as Go's strconv does: "NaN", "+Inf", "-Inf". */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return text.trim() === '' ? NaN : Number(text);
}
