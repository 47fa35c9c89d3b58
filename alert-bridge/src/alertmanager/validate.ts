import { TypeCompiler } from '@sinclair/typebox/compiler';
import { describeViolation, firstViolation } from '../schema/violation.js';
import { WebhookSchema, type WebhookBody } from './webhook-schema.js';

const check = TypeCompiler.Compile(WebhookSchema);

/** The body, typed, or its first violation as `alerts[0].startsAt: expected an RFC 3339 date-time`. */
export function checkWebhook(body: unknown): { body: WebhookBody } | { violation: string } {
  const violation = firstViolation(check, body);
  return violation === undefined ? { body: body as WebhookBody } : { violation: describeViolation(violation) };
}
