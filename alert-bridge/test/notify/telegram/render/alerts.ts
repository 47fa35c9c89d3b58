// Alert groups for the renderer tests, built the way the bridge builds them: a webhook body as
// Alertmanager sends it (shared/fixtures/alertmanager-0.25/), through recordsFromWebhook and
// groupNotification.
import { groupNotification } from '../../../../src/alertmanager/group.js';
import { recordsFromWebhook } from '../../../../src/alertmanager/records.js';
import type { WebhookAlert, WebhookBody } from '../../../../src/alertmanager/webhook-schema.js';
import type { AlertGroupNotification } from '../../../../src/notify/notifier.js';
import { parseWebhookFixture, type WebhookFixture } from '../../../helpers/fixtures.js';

export const ZERO_TIME = '0001-01-01T00:00:00Z';
export const STARTS_AT = '2026-11-22T12:28:40.309Z';
/** 2h 3m after STARTS_AT. */
export const NOW = new Date('2026-11-22T14:31:40.309Z');
export const RECEIVED_AT = '2026-11-22T14:31:41.000Z';

export interface AlertSpec {
  readonly status?: 'firing' | 'resolved';
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
}

let fingerprints = 0;

export function webhookAlert(spec: AlertSpec = {}): WebhookAlert {
  const status = spec.status ?? 'firing';
  return {
    status,
    labels: { alertname: 'HostDown', instance: 'host-1:9100', severity: 'critical', ...spec.labels },
    annotations: spec.annotations ?? { summary: 'Host host-1:9100 is down' },
    startsAt: spec.startsAt ?? STARTS_AT,
    endsAt: spec.endsAt ?? (status === 'firing' ? ZERO_TIME : '2026-11-22T12:29:02.309Z'),
    generatorURL: spec.generatorURL ?? 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
    fingerprint: (fingerprints++).toString(16).padStart(16, '0'),
  };
}

export function webhookBody(alerts: readonly WebhookAlert[], externalURL = 'http://alertmanager:9093'): WebhookBody {
  return {
    version: '4',
    groupKey: `{}:{alertname="${alerts[0]?.labels.alertname ?? ''}"}`,
    truncatedAlerts: 0,
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'telegram',
    groupLabels: { alertname: alerts[0]?.labels.alertname ?? '' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL,
    alerts: [...alerts],
  };
}

export function groupOfBody(body: WebhookBody): AlertGroupNotification {
  const records = recordsFromWebhook(body, RECEIVED_AT);
  return groupNotification(body, records, records.map((record) => record.id));
}

export const groupOf = (specs: readonly AlertSpec[], externalURL?: string): AlertGroupNotification =>
  groupOfBody(webhookBody(specs.map(webhookAlert), externalURL));

export async function fixtureGroup(name: WebhookFixture): Promise<AlertGroupNotification> {
  return groupOfBody((await parseWebhookFixture(name)) as unknown as WebhookBody);
}

/** Values that break HTML, Markdown or a naive escaper. */
export const HOSTILE_VALUES: readonly string[] = [
  '<b>not bold</b>',
  'a & b && c',
  '1 < 2 > 0',
  `"double" and 'single' quotes`,
  '&amp;lt; already escaped &lt;b&gt; &#x27;',
  '*bold* _italic_ [link](http://x) `code` ~strike~ ||spoiler||',
  '🔥 emoji 👨‍👩‍👧 family 🇩🇪 flag',
  'line one\nline two\ttab',
  '{{handlebars}} {{{triple}}} ${template}',
  '<script>alert(1)</script><a href="javascript:x">x</a>',
  '&#0; &#x110000; &nbsp; & ;',
  'back\\slash "quote\\" end',
  '= ` equals and backtick',
];
