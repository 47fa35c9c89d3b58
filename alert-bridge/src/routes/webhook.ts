import type { Middleware } from 'koa';
import { checkWebhook } from '../alertmanager/validate.js';
import { errorResponse, jsonResponse, WebhookResultSchema } from '../api/schemas.js';
import { HttpError } from '../http/http-error.js';
import { readJsonObject } from '../http/json-body.js';
import { BEARER_SECURITY, type Route } from '../http/route.js';
import { NotifierUnavailableError, StoreUnavailableError, storeAndNotify, type IntakeDeps } from '../intake.js';
import type { BridgeMetrics, WebhookOutcome } from '../metrics.js';

export const WEBHOOK_PATH = '/webhook';

export interface WebhookDeps extends IntakeDeps {
  readonly now: () => Date;
}

function outcomeOf(status: number): WebhookOutcome {
  if (status < 400) return 'accepted';
  if (status === 401) return 'unauthorized';
  return status < 500 ? 'rejected' : 'failed';
}

/** Counts POST /webhook by outcome. Sits before the bearer check so that 401s count too. */
export function countWebhooks(metrics: BridgeMetrics): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== WEBHOOK_PATH || ctx.method !== 'POST') return next();
    try {
      await next();
      metrics.webhooks.inc({ outcome: outcomeOf(ctx.status) });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      metrics.webhooks.inc({ outcome: outcomeOf(typeof status === 'number' ? status : 500) });
      throw error;
    }
  };
}

function alertCount(body: Record<string, unknown>): number {
  return Array.isArray(body.alerts) ? body.alerts.length : 0;
}

/** POST /webhook: validate, store durably, hand new records to the notifier, then answer 200. */
export function webhookRoute(deps: WebhookDeps): Route {
  const handle: Middleware = async (ctx) => {
    const raw = await readJsonObject(ctx);
    const checked = checkWebhook(raw);
    if ('violation' in checked) {
      deps.metrics.alerts.inc({ outcome: 'rejected' }, alertCount(raw));
      throw new HttpError(400, checked.violation);
    }
    try {
      const result = await storeAndNotify(checked.body, deps.now().toISOString(), deps);
      ctx.body = { stored: result.inserted, duplicates: result.duplicates };
    } catch (error) {
      // 503, never a 4xx: Alertmanager retries 5xx only, and these are transient.
      if (error instanceof StoreUnavailableError || error instanceof NotifierUnavailableError) {
        throw new HttpError(503, `${error.message}; retry later`, { cause: error });
      }
      throw error;
    }
  };
  return {
    method: 'post',
    path: WEBHOOK_PATH,
    handlers: [handle],
    operation: {
      operationId: 'receiveWebhook',
      summary: "Alertmanager's webhook receiver",
      description:
        'Stores one history record per alert state (firing, resolved) before answering. A redelivered body ' +
        'stores nothing new. Transient failures answer 503 so that Alertmanager retries.',
      security: BEARER_SECURITY,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Webhook' } } } },
      responses: {
        '200': jsonResponse('stored durably', WebhookResultSchema),
        '400': errorResponse('broken JSON, not an object, or not a version 4 webhook; the message names the field'),
        '401': errorResponse('missing or wrong bearer token'),
        '413': errorResponse('body larger than 1 MiB'),
        '415': errorResponse('content type other than application/json'),
        '503': errorResponse('the history store failed or is slow; nothing was acknowledged, retry'),
      },
    },
  };
}

