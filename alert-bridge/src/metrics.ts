import { Counter, Gauge, Histogram, collectDefaultMetrics, type Registry } from 'prom-client';
import type { Notifier } from './notify/notifier.js';

export const WEBHOOKS_TOTAL = 'hostwatch_bridge_webhooks_total';
export const ALERTS_TOTAL = 'hostwatch_bridge_alerts_total';
export const STORE_WRITE_SECONDS = 'hostwatch_bridge_store_write_seconds';
export const NOTIFIER_QUEUE_DEPTH = 'hostwatch_bridge_notifier_queue_depth';
export const MESSAGES_TOTAL = 'hostwatch_bridge_messages_total';

/** accepted (2xx), rejected (4xx but 401), unauthorized (401), failed (5xx: Alertmanager retries). */
export type WebhookOutcome = 'accepted' | 'rejected' | 'unauthorized' | 'failed';
/** stored (new), duplicate (already stored), rejected (in a refused body), failed (store error: retried). */
export type AlertOutcome = 'stored' | 'duplicate' | 'rejected' | 'failed';

export interface BridgeMetrics {
  readonly webhooks: Counter<'outcome'>;
  readonly alerts: Counter<'outcome'>;
  readonly storeWriteSeconds: Histogram<'outcome'>;
}

/**
 * Chat messages by outcome: sent, failed (refused for good: its alerts are marked failed), retried (an
 * attempt that failed and will be repeated). Registered by main before the notifier is built.
 */
export function registerMessageMetrics(registry: Registry): Counter<'outcome'> {
  const messages = new Counter({
    name: MESSAGES_TOTAL,
    help: 'Chat messages sent by the delivery queue, and attempts that failed, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['sent', 'failed', 'retried']) messages.inc({ outcome }, 0);
  return messages;
}

/**
 * The bridge's own metrics and the default process metrics, registered in `registry` (one registry
 * per app, so tests can build several). Outcomes start at zero, so rates exist before the first failure.
 */
export function registerBridgeMetrics(registry: Registry, notifier: Notifier): BridgeMetrics {
  collectDefaultMetrics({ register: registry });
  const webhooks = new Counter({
    name: WEBHOOKS_TOTAL,
    help: 'Webhook requests from Alertmanager, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['accepted', 'rejected', 'unauthorized', 'failed'] satisfies WebhookOutcome[]) webhooks.inc({ outcome }, 0);
  const alerts = new Counter({
    name: ALERTS_TOTAL,
    help: 'Alert states received in webhooks, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['stored', 'duplicate', 'rejected', 'failed'] satisfies AlertOutcome[]) alerts.inc({ outcome }, 0);
  const storeWriteSeconds = new Histogram({
    name: STORE_WRITE_SECONDS,
    help: 'Time to store one webhook durably in the history, by outcome (ok, error).',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: NOTIFIER_QUEUE_DEPTH,
    help: 'Notifications accepted and not yet delivered.',
    registers: [registry],
    collect() {
      this.set(notifier.queueDepth());
    },
  });
  return { webhooks, alerts, storeWriteSeconds };
}
