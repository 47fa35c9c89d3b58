import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HistoryFilter } from '../../alert-bridge/src/history/store.js';

export interface ApiPage {
  /** From sending the request to the last byte of the answer. */
  readonly ms: number;
  readonly records: number;
  readonly nextCursor: string | null;
}

/** GET /api/v1/notifications on a running bridge, one request at a time over one keep-alive connection. */
export class ApiPages {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly bridge: { readonly url: string; readonly token: string }) {}

  async page(filter: HistoryFilter, limit: number, cursor?: string): Promise<ApiPage> {
    const query = new URLSearchParams({ ...filter, limit: String(limit), ...(cursor === undefined ? {} : { cursor }) });
    const url = new URL(`/api/v1/notifications?${query}`, this.bridge.url);
    const started = performance.now();
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(url, { agent: this.agent, headers: { authorization: `Bearer ${this.bridge.token}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
    const ms = performance.now() - started;
    if (status !== 200) throw new Error(`GET ${url.pathname}${url.search}: HTTP ${status}: ${text.slice(0, 200)}`);
    const page = JSON.parse(text) as { notifications: unknown[]; next_cursor: string | null };
    return { ms, records: page.notifications.length, nextCursor: page.next_cursor };
  }

  close(): void {
    this.agent.destroy();
  }
}
