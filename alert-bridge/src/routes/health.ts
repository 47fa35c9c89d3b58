import { Type } from '@sinclair/typebox';
import { errorResponse, jsonResponse } from '../api/schemas.js';
import type { HistoryStore } from '../history/store.js';
import { HttpError } from '../http/http-error.js';
import type { Route } from '../http/route.js';

const StatusSchema = Type.Object({ status: Type.String() }, { title: 'Status' });

/** A ping slower than this counts as unreachable: an orchestrator's probe should not hang. */
const READY_TIMEOUT_MS = 5000;

/** GET /healthz: the process is up and serving. */
export function healthRoute(): Route {
  return {
    method: 'get',
    path: '/healthz',
    handlers: [
      (ctx) => {
        ctx.body = { status: 'ok' };
      },
    ],
    operation: {
      operationId: 'health',
      summary: 'Liveness: the process is up',
      responses: { '200': jsonResponse('up', StatusSchema) },
    },
  };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** GET /readyz: the history store answers, so webhooks can be stored. */
export function readyRoute(store: HistoryStore): Route {
  return {
    method: 'get',
    path: '/readyz',
    handlers: [
      async (ctx) => {
        try {
          await within(store.ping(), READY_TIMEOUT_MS);
        } catch (error) {
          throw new HttpError(503, 'the history store is unreachable', { cause: error });
        }
        ctx.body = { status: 'ready' };
      },
    ],
    operation: {
      operationId: 'ready',
      summary: 'Readiness: the history store is reachable',
      responses: { '200': jsonResponse('ready', StatusSchema), '503': errorResponse('the history store is unreachable') },
    },
  };
}
