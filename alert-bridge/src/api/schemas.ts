import { Type, type TSchema } from '@sinclair/typebox';
import { DateTime } from '../schema/formats.js';

/** Response bodies, for the OpenAPI document (the handlers build them from typed values). */

const Labels = Type.Record(Type.String(), Type.String());
const Status = Type.Union([Type.Literal('firing'), Type.Literal('resolved')]);

export const DeliveryStateSchema = Type.Object(
  {
    chat_id: Type.String(),
    thread_id: Type.Optional(Type.Integer({ description: 'the forum topic' })),
    state: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
    message_id: Type.Optional(Type.Integer({ description: "Telegram's id of the message that carried it (sent)" })),
    reason: Type.Optional(Type.String({ description: 'failed: why; pending: why the last attempt failed' })),
    updated_at: DateTime(),
  },
  { title: 'DeliveryState', additionalProperties: false },
);

export const NotificationSchema = Type.Object(
  {
    id: Type.String({ description: 'sha256 of status, startsAt and the sorted labels: the same for a redelivery' }),
    status: Status,
    alertname: Type.String(),
    instance: Type.String({ description: "the instance label; '' when absent" }),
    severity: Type.String({ description: "the severity label; '' when absent" }),
    fingerprint: Type.String({ description: "Alertmanager's fingerprint of the label set" }),
    startsAt: DateTime(),
    endsAt: DateTime({ description: '"0001-01-01T00:00:00Z" while firing' }),
    generatorURL: Type.String(),
    labels: Labels,
    annotations: Labels,
    receiver: Type.String(),
    groupKey: Type.String(),
    externalURL: Type.String(),
    receivedAt: DateTime({ description: 'when the bridge first stored this state' }),
    delivery: Type.Array(DeliveryStateSchema, {
      description: 'one entry per chat this state was routed to; empty when it went to none (no bot token, no matching chat)',
    }),
  },
  { title: 'Notification', additionalProperties: false },
);

export const NotificationPageSchema = Type.Object(
  {
    notifications: Type.Array(NotificationSchema, { description: 'newest first: by event time (startsAt when firing, endsAt when resolved), then id' }),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as `cursor` for the next, older page; null on the last page' }),
  },
  { title: 'NotificationPage', additionalProperties: false },
);

export const WebhookResultSchema = Type.Object(
  {
    stored: Type.Integer({ minimum: 0, description: 'alert states stored by this request' }),
    duplicates: Type.Integer({ minimum: 0, description: 'alert states already stored (redelivery, repeat, other replica)' }),
  },
  { title: 'WebhookResult', additionalProperties: false },
);

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({ status: Type.Integer(), message: Type.String() }, { additionalProperties: false }),
  },
  { title: 'Error', additionalProperties: false },
);

/** An OpenAPI response with a JSON body. */
export function jsonResponse(description: string, schema: TSchema): object {
  return { description, content: { 'application/json': { schema } } };
}

export function errorResponse(description: string): object {
  return jsonResponse(description, ErrorSchema);
}
