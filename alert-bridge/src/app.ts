import { Router } from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HistoryStore } from './history/store.js';
import { accessLog } from './http/access-log.js';
import { bearerAuth } from './http/bearer-auth.js';
import { errorResponses } from './http/errors.js';
import type { Route } from './http/route.js';
import { registerBridgeMetrics } from './metrics.js';
import type { Notifier } from './notify/notifier.js';
import { healthRoute, readyRoute } from './routes/health.js';
import { metricsRoute } from './routes/metrics.js';
import { notificationsRoute, type NotificationsDeps } from './routes/notifications.js';
import { openApiRoute } from './routes/openapi.js';
import { countWebhooks, webhookRoute } from './routes/webhook.js';
import { bridgeVersion } from './version.js';

export interface AppDeps {
  /** Required on /webhook and /api/*. */
  readonly authToken: string;
  readonly store: HistoryStore;
  readonly notifier: Notifier;
  /** Each record's delivery state, for the history API; absent when nothing is delivered (the log notifier). */
  readonly deliveryStates?: NotificationsDeps['deliveryStates'];
  readonly logger: Logger;
  /** Receives the bridge's metrics and the default process metrics; one registry per app. */
  readonly registry: Registry;
  /** The receivedAt clock; `() => new Date()` by default. */
  readonly now?: () => Date;
  /** How long a webhook waits for the store before answering 503; 8 s by default, under Alertmanager's 10 s minimum. */
  readonly storeTimeoutMs?: number;
}

export const DEFAULT_STORE_TIMEOUT_MS = 8000;

/**
 * The bridge as a Koa app, built from its dependencies; it never listens (main.ts does). Endpoints
 * without `security` in their OpenAPI operation are public; every other path, unknown ones included,
 * needs the bearer token, so a new endpoint is private unless it says otherwise.
 */
export function createApp(deps: AppDeps): Koa {
  const metrics = registerBridgeMetrics(deps.registry, deps.notifier);
  const routes: Route[] = [
    webhookRoute({
      store: deps.store,
      notifier: deps.notifier,
      metrics,
      logger: deps.logger,
      now: deps.now ?? (() => new Date()),
      storeTimeoutMs: deps.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    }),
    notificationsRoute({ store: deps.store, ...(deps.deliveryStates ? { deliveryStates: deps.deliveryStates } : {}) }),
    healthRoute(),
    readyRoute(deps.store),
    metricsRoute(deps.registry),
  ];
  routes.push(openApiRoute(routes, bridgeVersion));

  // strict: "/webhook/" is not "/webhook", so no spelling of a path slips past the public list.
  const router = new Router({ strict: true });
  for (const route of routes) router[route.method](route.path, ...route.handlers);
  const publicPaths = new Set(routes.filter((route) => !route.operation.security).map((route) => route.path));

  const app = new Koa();
  app.use(accessLog(deps.logger));
  app.use(errorResponses(deps.logger));
  app.use(countWebhooks(metrics));
  app.use(bearerAuth(deps.authToken, (path) => !publicPaths.has(path)));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
