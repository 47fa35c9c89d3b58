import { Type, type Static } from '@sinclair/typebox';
import { DateTime } from '../schema/formats.js';

/**
 * Alertmanager's webhook body, version 4 (notify/webhook/webhook.go `Message`, template.Data), as
 * Alertmanager 0.25 sends it (shared/fixtures/alertmanager-0.25/). Every object stays open: newer
 * versions add fields (`truncatedAlerts` came with `max_alerts`; `routeLabels`, …) and an unknown field is
 * ignored, never refused.
 */

const Status = Type.Union([Type.Literal('firing'), Type.Literal('resolved')]);
// Any key: TypeBox's default key pattern `^(.*)$` stops at a line break, and a key it does not match
// would go unchecked. Alertmanager 0.27's UTF-8 names make no key impossible.
const AnyKey = Type.String({ pattern: '^[\\s\\S]*$' });
const Labels = Type.Record(AnyKey, Type.String(), { description: 'label name → value' });

export const AlertSchema = Type.Object(
  {
    status: Status,
    labels: Labels,
    annotations: Labels,
    startsAt: DateTime(),
    endsAt: DateTime({ description: 'Alertmanager\'s zero time "0001-01-01T00:00:00Z" while firing' }),
    generatorURL: Type.String(),
    fingerprint: Type.String(),
  },
  { title: 'Alert' },
);

export const WebhookSchema = Type.Object(
  {
    version: Type.Literal('4'),
    groupKey: Type.String(),
    truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
    status: Status,
    receiver: Type.String(),
    groupLabels: Labels,
    commonLabels: Labels,
    commonAnnotations: Labels,
    externalURL: Type.String(),
    alerts: Type.Array(AlertSchema),
  },
  { title: 'Alertmanager webhook (version 4)' },
);

export type WebhookAlert = Static<typeof AlertSchema>;
export type WebhookBody = Static<typeof WebhookSchema>;
