import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { HistoryFilter } from '../history/store.js';
import { utcInstant } from '../rfc3339.js';
import { DateTime } from '../schema/formats.js';
import { describeViolation, firstViolation } from '../schema/violation.js';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/** The query string of GET /api/v1/notifications; each property becomes an OpenAPI parameter. */
export const NotificationsQuerySchema = Type.Object(
  {
    alertname: Type.Optional(Type.String({ description: 'exact alertname label' })),
    instance: Type.Optional(Type.String({ description: 'exact instance label' })),
    severity: Type.Optional(Type.String({ description: 'exact severity label' })),
    status: Type.Optional(Type.Union([Type.Literal('firing'), Type.Literal('resolved')])),
    since: Type.Optional(DateTime({ description: 'event time at or after (RFC 3339)' })),
    until: Type.Optional(DateTime({ description: 'event time before (RFC 3339)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'next_cursor of the previous page' })),
  },
  { additionalProperties: false },
);

type NotificationsQuery = Static<typeof NotificationsQuerySchema>;

const check = TypeCompiler.Compile(NotificationsQuerySchema);

export interface ParsedNotificationsQuery {
  readonly filter: HistoryFilter;
  readonly limit: number;
  readonly cursor?: string;
}

/** Query strings are text: digits become integers where the schema wants one; anything else is left for the check to refuse. */
function withIntegers(query: Record<string, unknown>): Record<string, unknown> {
  const properties = NotificationsQuerySchema.properties as Record<string, TSchema>;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      properties[name]?.type === 'integer' && typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value,
    ]),
  );
}

/** The filter, limit and cursor, or the first problem as `limit: must be at most 1000`. */
export function parseNotificationsQuery(query: Record<string, unknown>): ParsedNotificationsQuery | { violation: string } {
  const converted = withIntegers(query);
  const violation = firstViolation(check, converted);
  if (violation) return { violation: describeViolation(violation) };
  const { cursor, limit, ...filter } = converted as NotificationsQuery;
  if (filter.since !== undefined && filter.until !== undefined && utcInstant(filter.since) >= utcInstant(filter.until)) {
    return { violation: 'until: must be later than since' };
  }
  return { filter, limit: limit ?? DEFAULT_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) };
}
