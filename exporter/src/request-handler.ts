import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { CollectorFilterError, selectCollectors } from './collector-selection.js';
import type { ExporterMetrics } from './exporter-metrics.js';
import { renderFamilies } from './exposition.js';
import { renderLandingPage } from './landing-page.js';
import { acceptsGzip, negotiateFormat } from './negotiation.js';
import type { MetricFamily } from './metric-family.js';
import { scrape, type NamedCollector } from './scrape.js';

export interface RequestHandlerOptions {
  readonly telemetryPath: string;
  readonly collectors: readonly NamedCollector[];
  /** Every registered collector, enabled or not, to tell "unknown" from "disabled" in `collect[]`. */
  readonly knownCollectors: ReadonlySet<string>;
  /** Absent with --web.disable-exporter-metrics. */
  readonly exporterMetrics?: ExporterMetrics;
  /** Scrapes served at once before answering 503, like node_exporter's --web.max-requests; 0 is no limit. */
  readonly maxRequests: number;
  readonly version: string;
  readonly logger: Logger;
  /** Decides whether a request may be served (basic auth); it answers the request itself when not. */
  readonly authorize?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Scrapes are collected and rendered one at a time; the others wait their turn (up to --web.max-requests).
 * Rendering is synchronous work on one thread, so running scrapes side by side gains nothing and
 * multiplies the heap they hold: about 0.5 MB per 1,000 series at the peak, under a heap limit of
 * 20 MB (main.ts). A hung mount holds the turn once, for --collector.filesystem.mount-timeout.
 */
const SCRAPES_AT_ONCE = 1;

function buildInfo(version: string): MetricFamily {
  return {
    name: 'hostwatch_exporter_build_info',
    help: "A metric with a constant '1' value labeled by the exporter's version and the Node.js version it runs on.",
    type: 'gauge',
    labelNames: ['nodejs_version', 'version'],
    samples: [{ labels: { nodejs_version: process.version, version }, value: 1 }],
  };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

export function createRequestHandler(options: RequestHandlerOptions): RequestHandler {
  const build = buildInfo(options.version);
  const landingPage = renderLandingPage(options.version, options.telemetryPath);
  const scrapeGate = pLimit(SCRAPES_AT_ONCE);

  async function serveMetrics(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let collectors: readonly NamedCollector[];
    try {
      collectors = selectCollectors(
        options.collectors,
        options.knownCollectors,
        url.searchParams.getAll('collect[]'),
        url.searchParams.getAll('exclude[]'),
      );
    } catch (error) {
      if (error instanceof CollectorFilterError) {
        sendText(res, 400, `Couldn't create filtered metrics handler: ${error.message}`);
        return;
      }
      throw error;
    }
    if (options.maxRequests > 0 && scrapeGate.activeCount + scrapeGate.pendingCount >= options.maxRequests) {
      sendText(res, 503, `Limit of concurrent requests reached (${options.maxRequests}), try again later.`);
      return;
    }
    await scrapeGate(async () => {
      // A scraper that gave up while waiting (its scrape timeout) gets nothing read for it.
      if (req.socket.destroyed) return;
      const families = await scrape(collectors, options.logger);
      families.push(build);
      if (options.exporterMetrics) families.push(...(await options.exporterMetrics.families()));
      const { contentType, body } = renderFamilies(families, negotiateFormat(req.headers.accept));
      const useGzip = acceptsGzip(req.headers['accept-encoding']);
      const headers: Record<string, string> = { 'Content-Type': contentType };
      // Encoded once: the length and the response (or gzip) read the same bytes.
      let payload = Buffer.from(body);
      if (useGzip) {
        // Synchronous: a scrape's ~20 KB compress in ~0.1 ms, less than a thread-pool round trip adds.
        payload = gzipSync(payload, { level: zlibConstants.Z_BEST_SPEED });
        headers['Content-Encoding'] = 'gzip';
      }
      headers['Content-Length'] = String(payload.length);
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.authorize && !(await options.authorize(req, res))) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method Not Allowed');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://exporter');
    if (url.pathname === options.telemetryPath) {
      await serveMetrics(req, res, url);
    } else if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : landingPage);
    } else {
      sendText(res, 404, '404 page not found');
    }
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error({ err: error, path: req.url }, 'request failed');
      if (!res.headersSent) sendText(res, 500, 'An error has occurred while serving metrics.');
      else res.destroy();
    });
  };
}
