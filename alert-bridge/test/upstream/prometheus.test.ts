import t, { type Test } from 'tap';
import { parseSampleValue, PrometheusClient } from '../../src/upstream/prometheus.js';
import { serveLoopback, upstreamFailure } from '../helpers/loopback-server.js';

// Error answers only: what a real Prometheus says is exercised in test/bridge-upstream.test.ts.

/** A loopback Prometheus stand-in answering every request with `answer`. */
function serve(t: Test, answer: (query: string) => { status: number; body: string }): Promise<string> {
  return serveLoopback(t, (request, response) => {
    const query = new URL(request.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    const { status, body } = answer(query);
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
  });
}

const failure = upstreamFailure;

const fixed = (status: number, body: unknown) => () => ({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });

t.test("Prometheus's own errors keep their type and text", async (t) => {
  const url = await serve(t, fixed(400, { status: 'error', errorType: 'bad_data', error: '1:4: parse error: unexpected end of input' }));
  const error = await failure(new PrometheusClient({ url }).query('up{'));
  t.equal(error.reason, 'rejected');
  t.equal(error.status, 400);
  t.equal(error.message, 'Prometheus refused the query (bad_data): 1:4: parse error: unexpected end of input');
});

t.test("a query past Prometheus's own deadline is a timeout", async (t) => {
  const url = await serve(t, fixed(503, { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }));
  const error = await failure(new PrometheusClient({ url }).query('up'));
  t.equal(error.reason, 'timeout');
  t.equal(error.status, 503);
});

t.test('HTTP 500 without an API error', async (t) => {
  const url = await serve(t, fixed(500, 'internal error'));
  const error = await failure(new PrometheusClient({ url }).query('up'));
  t.equal(error.reason, 'http_status');
  t.equal(error.message, 'Prometheus answered HTTP 500 (GET /api/v1/query): internal error');
});

t.test('invalid JSON', async (t) => {
  const url = await serve(t, fixed(200, '{"status":"success",'));
  const error = await failure(new PrometheusClient({ url }).query('up'));
  t.equal(error.reason, 'bad_response');
  t.match(error.message, /invalid JSON/);
});

t.test('answers of a surprising shape name the first place they differ', async (t) => {
  const cases: [unknown, string][] = [
    [{ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: 'x' }] } }, 'data.result[0].value: Expected tuple'],
    [{ status: 'success', data: { resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '1'] }] } }, 'data.result[0].metric.a: expected a string'],
    [{ status: 'success', data: { resultType: 'vector' } }, 'data.result: missing'],
    [{ status: 'success' }, 'data: missing'],
    [[], '(top level): expected an object'],
  ];
  for (const [body, violation] of cases) {
    const url = await serve(t, fixed(200, body));
    const error = await failure(new PrometheusClient({ url }).query('up'));
    t.equal(error.reason, 'bad_response');
    t.equal(error.message, `Prometheus answered GET /api/v1/query unexpectedly: ${violation}`);
  }
});

t.test('a query that is not a vector', async (t) => {
  const url = await serve(t, fixed(200, { status: 'success', data: { resultType: 'scalar', result: [1, '1'] } }));
  const error = await failure(new PrometheusClient({ url }).query('1 + 1'));
  t.equal(error.reason, 'bad_response');
  t.equal(error.message, 'Prometheus answered with a scalar, not an instant vector (query: 1 + 1)');
});

t.test('hostStatus: thresholds that cannot be evaluated fall back to the default', async (t) => {
  const url = await serve(t, (query) => {
    if (query.includes('hostwatch:threshold')) return fixed(422, { status: 'error', errorType: 'execution', error: 'many-to-many matching' })();
    const result = query.includes('up') ? [{ metric: { instance: 'web1:9100' }, value: [1, '0'] }] : [];
    return fixed(200, { status: 'success', data: { resultType: 'vector', result } })();
  });
  const hosts = await new PrometheusClient({ url }).hostStatus();
  t.match(hosts, [{ instance: 'web1:9100', up: false, cpu: { threshold: 75 }, memory: { threshold: 75 }, disk: { threshold: 75 } }]);
});

t.test('hostStatus fails when a main query fails', async (t) => {
  const url = await serve(t, (query) =>
    query.includes('node_memory')
      ? fixed(422, { status: 'error', errorType: 'execution', error: 'found duplicate series' })()
      : fixed(200, { status: 'success', data: { resultType: 'vector', result: [] } })(),
  );
  const error = await failure(new PrometheusClient({ url }).hostStatus());
  t.equal(error.message, 'Prometheus refused the query (execution): found duplicate series');
});

t.test('sample values as Prometheus writes them', async (t) => {
  t.equal(parseSampleValue('0.25'), 0.25);
  t.equal(parseSampleValue('1e+21'), 1e21);
  t.equal(parseSampleValue('+Inf'), Infinity);
  t.equal(parseSampleValue('-Inf'), -Infinity);
  t.ok(Number.isNaN(parseSampleValue('NaN')));
  t.ok(Number.isNaN(parseSampleValue('')));
  t.ok(Number.isNaN(parseSampleValue('x')));
});
