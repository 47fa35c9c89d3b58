import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadRequest {
  readonly body: string;
  /** Alerts (or points) this request carries, counted once it is acknowledged. */
  readonly items: number;
}

export interface LoadTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The response status that acknowledges a request: 200 for the bridge, 204 for InfluxDB's /write. */
  readonly ackStatus: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly acknowledgedItems: number;
  readonly failures: number;
  /** Status (or error message) → how many, for everything not acknowledged. */
  readonly failureReasons: Readonly<Record<string, number>>;
  readonly wallMs: number;
  /** The offered rate in requests/s, when paced; undefined when each client sends as soon as answered. */
  readonly offeredPerSecond?: number;
  /** One per request, in ms: from the moment it was due when paced, from its sending otherwise. */
  readonly latenciesMs: readonly number[];
  /** The response bodies of acknowledged requests, in request order (the bridge's {stored, duplicates}). */
  readonly responses: readonly (string | undefined)[];
}

function post(agent: Agent, url: URL, headers: Readonly<Record<string, string>>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Every request once, by `clients` clients with one keep-alive connection and one request in flight each.
 * Unpaced, a client sends its next request as soon as the last is answered: that measures capacity, and
 * its latency is mostly the clients' own queue (Little's law: clients / requests per second). Paced,
 * request i is due at start + i / perSecond, the way Alertmanagers deliver notifications whenever their
 * groups flush, whether or not the bridge is slow; its latency counts from when it was due, so a stall
 * that delays the requests behind it counts against every one of them (no coordinated omission).
 */
export async function runLoad(
  target: LoadTarget,
  requests: readonly LoadRequest[],
  clients: number,
  pace?: { readonly perSecond: number },
): Promise<LoadResult> {
  const url = new URL(target.url);
  const latenciesMs: number[] = new Array<number>(requests.length);
  const responses: (string | undefined)[] = new Array<string | undefined>(requests.length);
  const failureReasons: Record<string, number> = {};
  let next = 0;
  let acknowledgedItems = 0;
  let failures = 0;

  const started = performance.now();
  const client = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let index = next++; index < requests.length; index = next++) {
        const item = requests[index] as LoadRequest;
        const due = pace === undefined ? undefined : started + (index * 1000) / pace.perSecond;
        if (due !== undefined && due > performance.now()) await sleep(due - performance.now());
        const sent = due ?? performance.now();
        let reason: string | undefined;
        try {
          const { status, text } = await post(agent, url, target.headers, item.body);
          if (status === target.ackStatus) {
            acknowledgedItems += item.items;
            responses[index] = text;
          } else reason = `HTTP ${status}`;
        } catch (error) {
          reason = error instanceof Error ? error.message : String(error);
        }
        latenciesMs[index] = performance.now() - sent;
        if (reason !== undefined) {
          failures++;
          failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
        }
      }
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: clients }, client));
  const wallMs = performance.now() - started;
  return { requests: requests.length, acknowledgedItems, failures, failureReasons, wallMs, offeredPerSecond: pace?.perSecond, latenciesMs, responses };
}

/** Runs of one kind as one: their requests, latencies and wall times added up. */
export function mergeLoads(results: readonly LoadResult[]): LoadResult {
  const failureReasons: Record<string, number> = {};
  for (const r of results) for (const [reason, n] of Object.entries(r.failureReasons)) failureReasons[reason] = (failureReasons[reason] ?? 0) + n;
  const sum = (pick: (r: LoadResult) => number): number => results.reduce((total, r) => total + pick(r), 0);
  return {
    requests: sum((r) => r.requests),
    acknowledgedItems: sum((r) => r.acknowledgedItems),
    failures: sum((r) => r.failures),
    failureReasons,
    wallMs: sum((r) => r.wallMs),
    offeredPerSecond: results[0]?.offeredPerSecond,
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    responses: results.flatMap((r) => r.responses),
  };
}
