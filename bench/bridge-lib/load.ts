import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

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
  /** One per request, in ms. */
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

/** Every request once, by `clients` clients with one keep-alive connection and one request in flight each. */
export async function runLoad(target: LoadTarget, requests: readonly LoadRequest[], clients: number): Promise<LoadResult> {
  const url = new URL(target.url);
  const latenciesMs: number[] = new Array<number>(requests.length);
  const responses: (string | undefined)[] = new Array<string | undefined>(requests.length);
  const failureReasons: Record<string, number> = {};
  let next = 0;
  let acknowledgedItems = 0;
  let failures = 0;

  const client = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let index = next++; index < requests.length; index = next++) {
        const item = requests[index] as LoadRequest;
        const started = performance.now();
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
        latenciesMs[index] = performance.now() - started;
        if (reason !== undefined) {
          failures++;
          failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
        }
      }
    } finally {
      agent.destroy();
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { requests: requests.length, acknowledgedItems, failures, failureReasons, wallMs: performance.now() - started, latenciesMs, responses };
}
