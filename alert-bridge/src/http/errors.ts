import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { HttpError } from './http-error.js';

interface ErrorResponse {
  readonly status: number;
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Reads `status`, `expose` and `headers` as http-errors (ctx.throw, co-body, raw-body) set them. */
function errorResponse(error: unknown): ErrorResponse {
  const fields = (error ?? {}) as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown; headers?: unknown };
  const candidate = typeof fields.status === 'number' ? fields.status : fields.statusCode;
  const status = typeof candidate === 'number' && candidate >= 400 && candidate <= 599 ? candidate : 500;
  const expose = typeof fields.expose === 'boolean' ? fields.expose : status < 500;
  const message = expose && typeof fields.message === 'string' && fields.message ? fields.message : (STATUS_CODES[status] ?? 'Error');
  const headers = fields.headers !== null && typeof fields.headers === 'object' ? (fields.headers as Record<string, string>) : {};
  return { status, message, headers };
}

/** What the router leaves without a body: no route (404), a route without this method (405, Allow set), an unknown method (501). */
function bodilessMessage(status: number, method: string, path: string): string {
  if (status === 404) return `no such endpoint: ${method} ${path}`;
  if (status === 405) return `${method} is not allowed on ${path}`;
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * A body refused before it was read whole (413 mid-stream, a body that does not decode) is left
 * paused by the body parser, and the kept-alive connection could never carry the next request. Reading
 * the rest and throwing it away keeps the connection usable (and lets the client read the answer,
 * where closing on it would reset the connection under its feet); requestTimeout bounds how long.
 */
function discardRestOfBody(request: IncomingMessage): void {
  request.unpipe();
  request.removeAllListeners('data');
  request.resume();
}

/**
 * The one place errors become responses: `{"error": {"status": N, "message": "..."}}`, never a stack.
 * Client errors (4xx) are the client's, and the access log has them; only 5xx are logged as errors.
 * Error statuses the router set without a body (404, 405) get the same JSON, keeping their headers.
 */
export function errorResponses(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) throw new HttpError(ctx.status, bodilessMessage(ctx.status, ctx.method, ctx.path));
    } catch (error) {
      const response = errorResponse(error);
      if (response.status >= 500) logger.error({ err: error, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = response.status;
      ctx.set(response.headers);
      if (!ctx.req.complete) discardRestOfBody(ctx.req);
      ctx.body = { error: { status: response.status, message: response.message } };
    }
  };
}
