import { UTC_INSTANT } from '../../rfc3339.js';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '../opaque-cursor.js';
import { InvalidCursorError } from '../store.js';

/** The last record of a page: the next page starts strictly after it in (event time, id) descending order. */
export interface CursorPosition {
  /** utcInstant() of the record's event time. */
  readonly eventTime: string;
  readonly id: string;
}

/** Opaque to clients: `{"t": eventTime, "id": id}` inside (opaque-cursor.ts). */
export function encodeCursor(position: CursorPosition): string {
  return encodeOpaqueCursor({ t: position.eventTime, id: position.id });
}

/** Checks everything a client could have changed; throws InvalidCursorError. */
export function decodeCursor(cursor: string): CursorPosition {
  const { t, id } = decodeOpaqueCursor(cursor);
  if (typeof t !== 'string' || !UTC_INSTANT.test(t) || typeof id !== 'string' || id === '' || id.length > 256) {
    throw new InvalidCursorError('not issued by this store');
  }
  return { eventTime: t, id };
}
