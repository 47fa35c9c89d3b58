import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { JsonHttpClient } from '../../src/upstream/json-http-client.js';
import { serveLoopback, upstreamFailure } from '../helpers/loopback-server.js';

/** A loopback server answering with `handler`; closed, with any held connection, when the test ends. */
async function serve(t: Test, handler: http.RequestListener): Promise<string> {
  return (await serveLoopback(t, handler)).slice('http://'.length);
}

/** A port nothing listens on: one the OS just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const failure = upstreamFailure;

t.test('a closed port is unreachable, with the cause', async (t) => {
  const client = new JsonHttpClient('Prometheus', { url: `http://127.0.0.1:${await closedPort()}` });
  const error = await failure(client.send('GET', '/api/v1/query'));
  t.equal(error.reason, 'unreachable');
  t.match(error.message, /^Prometheus is unreachable \(GET \/api\/v1\/query\): connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  t.equal(error.status, undefined);
});

t.test('no answer within the timeout', async (t) => {
  const host = await serve(t, () => {
    // never answers
  });
  const client = new JsonHttpClient('Alertmanager', { url: `http://${host}`, timeoutMs: 200 });
  const error = await failure(client.send('GET', '/api/v2/alerts'));
  t.equal(error.reason, 'timeout');
  t.equal(error.message, 'Alertmanager did not answer within 200 ms (GET /api/v2/alerts)');
});

t.test('a body that stops halfway times out too', async (t) => {
  const host = await serve(t, (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('[{"labels":');
  });
  const client = new JsonHttpClient('Alertmanager', { url: `http://${host}`, timeoutMs: 1000 });
  const error = await failure(client.send('GET', '/api/v2/alerts'));
  t.equal(error.reason, 'timeout');
  t.equal(error.message, 'Alertmanager did not answer within 1 s (GET /api/v2/alerts)');
});

t.test('a 2xx that is not JSON', async (t) => {
  const host = await serve(t, (_request, response) => response.end('<html>login</html>'));
  const client = new JsonHttpClient('Prometheus', { url: `http://${host}` });
  const error = await failure(client.send('GET', '/api/v1/query'));
  t.equal(error.reason, 'bad_response');
  t.equal(error.message, 'Prometheus answered GET /api/v1/query with invalid JSON (HTTP 200)');
  t.equal(error.status, 200);
});

t.test('other statuses are answers; statusError quotes the start of the body', async (t) => {
  const host = await serve(t, (_request, response) => {
    response.writeHead(502, { 'Content-Type': 'text/html' });
    response.end(`<html>\n  <h1>Bad   Gateway</h1>${'x'.repeat(500)}</html>`);
  });
  const client = new JsonHttpClient('Prometheus', { url: `http://${host}` });
  const answer = await client.send('GET', '/api/v1/query');
  t.match(answer, { status: 502, ok: false, json: undefined });
  const error = client.statusError('GET /api/v1/query', answer);
  t.equal(error.reason, 'http_status');
  t.equal(error.status, 502);
  t.match(error.message, /^Prometheus answered HTTP 502 \(GET \/api\/v1\/query\): <html> <h1>Bad Gateway<\/h1>x+$/);
  t.ok(error.message.length < 300, 'only the start of the body');
});

t.test('redirects are reported, not followed', async (t) => {
  const host = await serve(t, (_request, response) => {
    response.writeHead(302, { Location: '/login' });
    response.end();
  });
  const client = new JsonHttpClient('Prometheus', { url: `http://${host}` });
  const answer = await client.send('GET', '/api/v1/query');
  t.equal(answer.status, 302);
  t.equal(client.statusError('GET /api/v1/query', answer).message, 'Prometheus answered HTTP 302 (GET /api/v1/query)');
});

t.test('the URL prefix and credentials reach the server; credentials never reach a message', async (t) => {
  const seen: { url?: string; authorization?: string } = {};
  const host = await serve(t, (request, response) => {
    seen.url = request.url;
    seen.authorization = request.headers.authorization;
    // A proxy that echoes what it got, credentials included.
    response.writeHead(500);
    response.end(`bad request ${request.headers.authorization} for user bot password s3cr@t (s3cr%40t)`);
  });
  const url = `http://bot:s3cr%40t@${host}/prom`;
  const client = new JsonHttpClient('Prometheus', { url, timeoutMs: 200 });
  t.equal(client.location.baseUrl, `http://${host}/prom`);
  const answer = await client.send('GET', '/api/v1/query', { query: new URLSearchParams({ query: 'up' }) });
  t.equal(seen.url, '/prom/api/v1/query?query=up');
  t.equal(seen.authorization, `Basic ${Buffer.from('bot:s3cr@t').toString('base64')}`);

  const unreachable = new JsonHttpClient('Prometheus', { url: `http://bot:s3cr%40t@127.0.0.1:${await closedPort()}/prom` });
  const silent = await serve(t, () => {
    // never answers
  });
  const errors = [
    client.statusError('GET /api/v1/query', answer),
    await failure(unreachable.send('GET', '/api/v1/query')),
    await failure(new JsonHttpClient('Prometheus', { url: `http://bot:s3cr%40t@${silent}`, timeoutMs: 100 }).send('GET', '/x')),
  ];
  for (const error of errors) {
    for (const text of [error.message, String(error), error.stack ?? '']) {
      t.notMatch(text, /s3cr|Ym90OnMzY3JAdA/, `${error.reason}: no password, raw, decoded or in base64`);
    }
  }
  t.match(errors[0]?.message, /bad request Basic <redacted> for user bot password <redacted> \(<redacted>\)/);
});

t.test('JSON bodies are sent as JSON', async (t) => {
  let received = '';
  let type = '';
  const host = await serve(t, (request, response) => {
    type = request.headers['content-type'] ?? '';
    request.on('data', (chunk: Buffer) => (received += chunk.toString()));
    request.on('end', () => response.writeHead(400).end('"nope"'));
  });
  const client = new JsonHttpClient('Alertmanager', { url: `http://${host}` });
  const answer = await client.send('POST', '/api/v2/silences', { json: { a: [1] } });
  t.same(JSON.parse(received), { a: [1] });
  t.equal(type, 'application/json');
  t.match(answer, { status: 400, ok: false, json: 'nope' });
});
