import t from 'tap';
import { decodeCursor, encodeCursor } from '../../../src/history/influx/cursor.js';
import { InvalidCursorError } from '../../../src/history/store.js';

t.test('a cursor carries the exact time and the id, URL-safe', async (t) => {
  for (const position of [
    { time: 1_795_000_000_123_456_789n, id: 'abc' },
    { time: -5n, id: '' },
    { time: 0n, id: 'ünï "quoted" / + = 🔥' },
  ]) {
    const cursor = encodeCursor(position);
    t.match(cursor, /^[A-Za-z0-9_-]+$/);
    t.same(decodeCursor(cursor), position);
  }
});

t.test('anything else is an InvalidCursorError', async (t) => {
  const b64 = (text: string): string => Buffer.from(text).toString('base64url');
  for (const cursor of [
    '',
    'not a cursor',
    'abc=',
    b64('{'),
    b64('null'),
    b64('[]'),
    b64('{"t":"1","id":"x"}'),
    b64('{"k":"sqlite1","t":"1","id":"x"}'),
    b64('{"k":"influx1","t":1,"id":"x"}'),
    b64('{"k":"influx1","t":"1.5","id":"x"}'),
    b64('{"k":"influx1","t":"99999999999999999999","id":"x"}'),
    b64('{"k":"influx1","t":"1","id":7}'),
  ])
    t.throws(() => decodeCursor(cursor), InvalidCursorError, JSON.stringify(cursor));
});
