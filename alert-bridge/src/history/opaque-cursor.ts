import { InvalidCursorError } from './store.js';

/** A cursor as clients see it: base64url of a small JSON object that only its store reads. */
export function encodeOpaqueCursor(fields: Record<string, string>): string {
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

/** The object inside a cursor, or InvalidCursorError; each store then checks the fields it wrote. */
export function decodeOpaqueCursor(cursor: string): Record<string, unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not issued by this store');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidCursorError('not issued by this store');
  }
  return value as Record<string, unknown>;
}
