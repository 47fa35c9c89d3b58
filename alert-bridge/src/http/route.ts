import type { Middleware } from 'koa';

/** An OpenAPI 3.1 operation object; schemas inside are TypeBox schemas, which are JSON Schema. */
export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly object[];
  readonly requestBody?: object;
  readonly responses: Readonly<Record<string, object>>;
}

/** One endpoint: the router registers the handlers, the OpenAPI document describes the operation. */
export interface Route {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly operation: OpenApiOperation;
  readonly handlers: readonly Middleware[];
}

export const BEARER_SECURITY = [{ bearer: [] }] as const;
