import { recordsFromWebhook } from '../../alert-bridge/src/alertmanager/records.js';
import type { WebhookBody } from '../../alert-bridge/src/alertmanager/webhook-schema.js';
import { formatLines } from '../../alert-bridge/src/history/influx/line-protocol.js';
import { toPoints } from '../../alert-bridge/src/history/influx/schema.js';
import { firstSlot } from '../../alert-bridge/src/history/influx/timestamp.js';

// Webhook bodies shaped like shared/fixtures/alertmanager-0.25/firing-single.json: one group of one
// rule on one host, ALERTS_PER_WEBHOOK alerts told apart by `mountpoint` (as ten filesystems of one
// host), every alert with its own startsAt so that each is a new record.

export const ALERTS_PER_WEBHOOK = 10;
export const HOSTS = 2000;
const RULES = ['HostDiskUsage', 'HostHighMemoryUsage', 'HostHighCpuLoad', 'HostOutOfInodes', 'HostClockSkew'];
const SEVERITIES = ['warning', 'critical'];

export interface GeneratedWebhook {
  /** The JSON body as sent. */
  readonly json: string;
  readonly ids: readonly string[];
  /** The same alerts as the InfluxDB store's lines, for the raw baseline. */
  readonly lines: string;
  /** Only the timeline point of each alert (the record once, not three times): a lighter write for comparison. */
  readonly timelineLines: string;
}

/** Nanosecond RFC 3339, as Alertmanager forwards Prometheus' times; distinct for each (webhook, alert). */
function startsAt(baseMs: number, webhook: number, alert: number): string {
  const ms = baseMs + webhook;
  return `${new Date(ms).toISOString().slice(0, 23)}${String(alert * 1000 + 1).padStart(6, '0')}Z`;
}

export function webhookBody(index: number, baseMs: number): WebhookBody {
  const alertname = RULES[index % RULES.length] as string;
  const instance = `host-${String(index % HOSTS).padStart(4, '0')}:9100`;
  const severity = SEVERITIES[index % SEVERITIES.length] as string;
  const common = { alertname, env: 'bench', instance, job: 'node', severity };
  const alerts = Array.from({ length: ALERTS_PER_WEBHOOK }, (_, i) => ({
    status: 'firing' as const,
    labels: { ...common, mountpoint: `/srv/disk${i}` },
    annotations: { summary: `${alertname} on ${instance}`, description: `Filesystem /srv/disk${i} is at ${90 + (i % 10)}%` },
    startsAt: startsAt(baseMs, index, i),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(`${alertname} > 1`)}&g0.tab=1`,
    fingerprint: (index * ALERTS_PER_WEBHOOK + i).toString(16).padStart(16, '0'),
  }));
  return {
    receiver: 'bridge',
    status: 'firing',
    alerts,
    groupLabels: { alertname, instance },
    commonLabels: common,
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: `{}:{alertname="${alertname}", instance="${instance}"}`,
    truncatedAlerts: 0,
  };
}

export function generateWebhooks(count: number, baseMs: number): GeneratedWebhook[] {
  const receivedAt = new Date(baseMs).toISOString();
  return Array.from({ length: count }, (_, index) => {
    const body = webhookBody(index, baseMs);
    const records = recordsFromWebhook(body, receivedAt);
    const points = records.map((r) => toPoints(r, firstSlot(r.id)));
    return {
      json: JSON.stringify(body),
      ids: records.map((r) => r.id),
      lines: points.map((p) => formatLines(p)).join('\n'),
      timelineLines: points.map(([, , timeline]) => formatLines([timeline])).join('\n'),
    };
  });
}
