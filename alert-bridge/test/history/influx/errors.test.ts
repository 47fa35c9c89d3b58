import t from 'tap';
import { classifyException, classifyResponse, InfluxStoreError } from '../../../src/history/influx/errors.js';

t.test('HTTP answers: 5xx and a missing database are transient, other 4xx are not', async (t) => {
  const cases: [number, string, string, boolean][] = [
    [500, '{"error":"timeout"}', 'server_error', true],
    [503, '', 'server_error', true],
    [500, '{"error":"engine: cache-max-memory-size exceeded: (1073741824/1073741824)"}', 'server_error', true],
    [429, '{"error":"too many requests"}', 'server_error', true],
    [404, '{"error":"database not found: \\"hostwatch\\""}', 'database_missing', true],
    [500, '{"error":"retention policy not found: hostwatch_history"}', 'database_missing', true],
    [400, '{"error":"partial write: field type conflict: input field \\"id\\" on measurement \\"notifications\\" is type integer, already exists as type string dropped=1"}', 'rejected', false],
    [400, '{"error":"partial write: points beyond retention policy dropped=2"}', 'rejected', false],
    [413, '{"error":"Request Entity Too Large"}', 'rejected', false],
    [401, '{"error":"authorization failed"}', 'unauthorized', false],
    [403, '{"error":"forbidden"}', 'unauthorized', false],
    [502, '<html>Bad Gateway</html>', 'server_error', true],
  ];
  for (const [status, body, reason, transient] of cases) {
    const error = classifyResponse(status, body);
    t.type(error, InfluxStoreError);
    t.same({ reason: error.reason, transient: error.transient, status: error.status }, { reason, transient, status }, `${status} ${body}`);
  }
  t.match(classifyResponse(400, '{"error":"partial write: x"}').message, /InfluxDB rejected: partial write: x/);
  t.match(classifyResponse(502, '<html>Bad Gateway</html>').message, /Bad Gateway/, 'a proxy page is quoted');
});

t.test('exceptions from node:http and from the influx package', async (t) => {
  const withCode = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:8086`), { code });
  const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
  const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
  class ServiceNotAvailableError extends Error {}
  const requestError = Object.assign(new Error('A 401 Unauthorized error occurred: {"error":"authorization failed"}'), {
    res: { statusCode: 401 },
  });
  const cases: [unknown, string, boolean][] = [
    [withCode('ECONNREFUSED'), 'unreachable', true],
    [withCode('ECONNRESET'), 'unreachable', true],
    [withCode('ENOTFOUND'), 'unreachable', true],
    [Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), 'unreachable', true],
    [abort, 'timeout', true],
    [timeout, 'timeout', true],
    [new ServiceNotAvailableError('Request timed out'), 'timeout', true],
    [new ServiceNotAvailableError('Internal Server Error'), 'server_error', true],
    [new Error('No host available'), 'unreachable', true],
    [requestError, 'unauthorized', false],
    [new Error('Error from InfluxDB: database not found: hostwatch'), 'database_missing', true],
    [new Error('Error from InfluxDB: error parsing query: found EOF'), 'rejected', false],
    [new SyntaxError('Unexpected token < in JSON'), 'bad_response', false],
  ];
  for (const [error, reason, transient] of cases) {
    const classified = classifyException(error);
    t.same({ reason: classified.reason, transient: classified.transient }, { reason, transient }, String(error));
  }
  const already = new InfluxStoreError('timeout', 'x');
  t.equal(classifyException(already), already, 'an InfluxStoreError passes through');
  t.equal(classifyException(withCode('ECONNREFUSED')).cause instanceof Error, true, 'keeps the cause');
});
