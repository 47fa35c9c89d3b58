import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from './http-error.js';

const REALM = 'hostwatch-alert-bridge';
const BEARER = /^Bearer +(\S+) *$/i;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Requires `Authorization: Bearer <token>` on the paths `guarded` selects (RFC 6750). Tokens are
 * compared as sha256 digests with timingSafeEqual: equal lengths, and time that says nothing about
 * how much of a guess was right.
 */
export function bearerAuth(token: string, guarded: (path: string) => boolean): Middleware {
  const expected = digest(token);
  return async (ctx, next) => {
    if (!guarded(ctx.path)) return next();
    const given = BEARER.exec(ctx.get('Authorization'))?.[1];
    if (given === undefined) {
      throw new HttpError(401, 'missing bearer token', { headers: { 'WWW-Authenticate': `Bearer realm="${REALM}"` } });
    }
    if (!timingSafeEqual(digest(given), expected)) {
      throw new HttpError(401, 'invalid bearer token', {
        headers: { 'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"` },
      });
    }
    return next();
  };
}
