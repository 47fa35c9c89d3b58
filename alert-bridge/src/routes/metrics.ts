import type { Registry } from 'prom-client';
import type { Route } from '../http/route.js';

/** GET /metrics: the bridge's own metrics in the Prometheus text format, for Prometheus to scrape. */
export function metricsRoute(registry: Registry): Route {
  return {
    method: 'get',
    path: '/metrics',
    handlers: [
      async (ctx) => {
        ctx.type = registry.contentType;
        ctx.body = await registry.metrics();
      },
    ],
    operation: {
      operationId: 'metrics',
      summary: "The bridge's metrics (webhooks and alerts by outcome, store write latency, notifier queue depth)",
      responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  };
}
