import { AlertSchema, WebhookSchema } from '../alertmanager/webhook-schema.js';
import { ErrorSchema, NotificationPageSchema, NotificationSchema, WebhookResultSchema } from '../api/schemas.js';
import type { Route } from '../http/route.js';

/**
 * OpenAPI 3.1, whose schemas are JSON Schema 2020-12: TypeBox schemas go in as they are (their
 * symbols do not survive JSON), the very objects that validate requests.
 */
export function buildOpenApiDocument(routes: readonly Route[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: route.operation };
  }
  // A JSON round trip drops TypeBox's symbol keys and shares nothing with the live schemas.
  return JSON.parse(
    JSON.stringify({
      openapi: '3.1.0',
      info: {
        title: 'Hostwatch alert bridge',
        version,
        description: "Takes Alertmanager's webhooks, keeps every alert state in a durable history, and serves it.",
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      paths,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'BRIDGE_AUTH_TOKEN, as Alertmanager sends it with http_config.authorization' },
        },
        schemas: {
          Webhook: WebhookSchema,
          Alert: AlertSchema,
          Notification: NotificationSchema,
          NotificationPage: NotificationPageSchema,
          WebhookResult: WebhookResultSchema,
          Error: ErrorSchema,
        },
      },
    }),
  ) as object;
}
