import type { Middleware } from 'koa';
import { errorResponse, jsonResponse, NotificationPageSchema } from '../api/schemas.js';
import { NotificationsQuerySchema, parseNotificationsQuery } from '../api/notifications-query.js';
import type { DeliveryState } from '../delivery/outbox.js';
import { InvalidCursorError, type HistoryStore } from '../history/store.js';
import { HttpError } from '../http/http-error.js';
import { BEARER_SECURITY, type Route } from '../http/route.js';

export interface NotificationsDeps {
  readonly store: HistoryStore;
  /** The delivery state of each record (the outbox's); absent: the bridge delivers nothing. */
  readonly deliveryStates?: (recordIds: readonly string[]) => ReadonlyMap<string, readonly DeliveryState[]>;
}

/** The query schema's properties as OpenAPI query parameters. */
function queryParameters(): object[] {
  const required = new Set(NotificationsQuerySchema.required ?? []);
  return Object.entries(NotificationsQuerySchema.properties).map(([name, schema]) => {
    const { description, ...rest } = schema as { description?: string };
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

/** GET /api/v1/notifications: one page of the history, newest first. */
export function notificationsRoute(deps: NotificationsDeps): Route {
  const handle: Middleware = async (ctx) => {
    const parsed = parseNotificationsQuery(ctx.query);
    if ('violation' in parsed) throw new HttpError(400, parsed.violation);
    try {
      const page = await deps.store.query(parsed.filter, parsed.limit, parsed.cursor);
      const states = deps.deliveryStates?.(page.records.map((record) => record.id));
      ctx.body = {
        notifications: page.records.map((record) => ({ ...record, delivery: states?.get(record.id) ?? [] })),
        next_cursor: page.nextCursor,
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpError(400, `cursor: ${error.message}`);
      throw new HttpError(503, 'the history store failed; retry later', { cause: error });
    }
  };
  return {
    method: 'get',
    path: '/api/v1/notifications',
    handlers: [handle],
    operation: {
      operationId: 'listNotifications',
      summary: 'The notification history, newest first, in pages',
      description:
        'Ordered by event time (startsAt of a firing, endsAt of a resolution), then id. Following next_cursor ' +
        'never skips or repeats a record, even while new ones arrive.',
      security: BEARER_SECURITY,
      parameters: queryParameters(),
      responses: {
        '200': jsonResponse('one page', NotificationPageSchema),
        '400': errorResponse('a bad parameter or cursor; the message names it'),
        '401': errorResponse('missing or wrong bearer token'),
        '503': errorResponse('the history store failed'),
      },
    },
  };
}
