import type { Middleware } from 'koa';
import type { Logger } from 'pino';

/** One info line per request: method, path, status, duration. No headers and no query, so no credential can get in. */
export function accessLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: ctx.method, path: ctx.path, status: ctx.status, durationMs: Math.round(durationMs * 1000) / 1000 }, 'request');
    }
  };
}
