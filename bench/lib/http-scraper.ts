import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

/** What Prometheus 2.42 sends on every scrape (scrape/scrape.go's acceptHeader, plus gzip). */
export const PROMETHEUS_2_42_HEADERS: OutgoingHttpHeaders = {
  Accept:
    'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
    'text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
  'Accept-Encoding': 'gzip',
};

/** A plain-text scraper without compression, e.g. curl or an older Prometheus with gzip off. */
export const PLAIN_TEXT_HEADERS: OutgoingHttpHeaders = {
  Accept: 'text/plain;version=0.0.4',
  'Accept-Encoding': 'identity',
};

export interface ScrapeResult {
  /** Client-side wall time from sending the request to the last byte of the body. */
  readonly ms: number;
  readonly bytes: number;
  readonly contentType: string;
  readonly contentEncoding: string;
}

/** One keep-alive connection to one /metrics URL, used one request at a time as Prometheus does. */
export class Scraper {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly url: URL) {}

  scrape(headers: OutgoingHttpHeaders): Promise<ScrapeResult> {
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const req = request(this.url, { agent: this.agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`${this.url.href} answered ${res.statusCode}`));
            return;
          }
          resolve({
            ms: performance.now() - start,
            bytes,
            contentType: res.headers['content-type'] ?? '',
            contentEncoding: res.headers['content-encoding'] ?? 'identity',
          });
        });
      });
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
