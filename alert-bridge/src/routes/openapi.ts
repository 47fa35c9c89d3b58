import { Type } from '@sinclair/typebox';
import type { Route } from '../http/route.js';
import { buildOpenApiDocument } from '../openapi/document.js';

export const OPENAPI_PATH = '/openapi.json';

/** GET /openapi.json: the OpenAPI document of `routes` and of itself, built once. */
export function openApiRoute(routes: readonly Route[], version: string): Route {
  let document: object | undefined;
  const route: Route = {
    method: 'get',
    path: OPENAPI_PATH,
    handlers: [
      (ctx) => {
        document ??= buildOpenApiDocument([...routes, route], version);
        ctx.body = document;
      },
    ],
    operation: {
      operationId: 'openapi',
      summary: 'This document',
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: Type.Object({}) } } } },
    },
  };
  return route;
}
