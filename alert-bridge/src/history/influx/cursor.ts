import { decodeOpaqueCursor, encodeOpaqueCursor } from '../opaque-cursor.js';
import { InvalidCursorError } from '../store.js';

/** The last record of a page: the next page starts strictly after it in (event time, id) order. */
export interface CursorPosition {
  /** The record's exact event time, nanoseconds since the epoch. */
  readonly time: bigint;
  readonly id: string;
}

// A version marker keeps cursors from another store (or an older layout of this one) from being read
// as positions: they fail as InvalidCursorError instead of paging from a wrong place.
const KIND = 'influx1';

export function encodeCursor(position: CursorPosition): string {
  return encodeOpaqueCursor({ k: KIND, t: String(position.time), id: position.id });
}

export function decodeCursor(cursor: string): CursorPosition {
  const { k, t, id } = decodeOpaqueCursor(cursor);
  if (k !== KIND || typeof t !== 'string' || !/^-?\d{1,19}$/.test(t) || typeof id !== 'string') {
    throw new InvalidCursorError('not issued by this store');
  }
  return { time: BigInt(t), id };
}
