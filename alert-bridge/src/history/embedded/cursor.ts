import { UTC_INSTANT } from '../../rfc3339.js';
import { InvalidCursorError } from '../store.js';

/** The last record of a page: the next page starts strictly after it in (event time, id) descending order. */
export interface CursorPosition {
  /** utcInstant() of the record's event time. */
  readonly eventTime: string;
  readonly id: string;
}

/** Opaque to clients: base64url of `{"t": eventTime, "id": id}`. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify({ t: position.eventTime, id: position.id })).toString('base64url');
}

/** Checks everything a client could have changed; throws InvalidCursorError. */
export function decodeCursor(cursor: string): CursorPosition {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError('not base64url');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not one this bridge issued');
  }
  const { t, id } = (value ?? {}) as { t?: unknown; id?: unknown };
  if (typeof t !== 'string' || !UTC_INSTANT.test(t) || typeof id !== 'string' || id === '' || id.length > 256) {
    throw new InvalidCursorError('not one this bridge issued');
  }
  return { eventTime: t, id };
}
