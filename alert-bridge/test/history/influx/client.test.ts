import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { InfluxClient } from '../../../src/history/influx/client.js';
import { InfluxStoreError } from '../../../src/history/influx/errors.js';
import { parseInfluxUrl } from '../../../src/history/influx/url.js';

// The client against stand-in HTTP servers: what each kind of failure becomes. Real InfluxDB: influx.test.ts.

async function serve(t: Test, handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; requests: { url: string; body: string; auth?: string }[] }> {
  const requests: { url: string; body: string; auth?: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', body, auth: req.headers.authorization });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hostwatch`, requests };
}

const clientFor = (t: Test, url: string, timeoutMs = 2000): InfluxClient => {
  const client = new InfluxClient(parseInfluxUrl(url), { timeoutMs });
  t.teardown(() => client.close());
  return client;
};

const failure = async (promise: Promise<unknown>): Promise<InfluxStoreError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InfluxStoreError) return error;
    throw error;
  }
  throw new Error('expected a failure');
};

t.test('a write is a POST of the lines, answered 204', async (t) => {
  const server = await serve(t, (_req, res) => res.writeHead(204).end());
  const client = new InfluxClient(parseInfluxUrl(server.url.replace('http://', 'http://bridge:s%3Acret@')), { timeoutMs: 2000 });
  t.teardown(() => client.close());
  await client.write('hostwatch_history', ['m f="1" 1', 'm f="2" 2']);
  t.same(server.requests, [
    { url: '/write?db=hostwatch&precision=ns&rp=hostwatch_history', body: 'm f="1" 1\nm f="2" 2', auth: `Basic ${Buffer.from('bridge:s:cret').toString('base64')}` },
  ]);
});

t.test('what InfluxDB answers becomes a classified failure', async (t) => {
  const cases: [number, string, string, boolean][] = [
    [500, '{"error":"timeout"}', 'server_error', true],
    [404, '{"error":"database not found: \\"hostwatch\\""}', 'database_missing', true],
    [400, '{"error":"partial write: field type conflict dropped=1"}', 'rejected', false],
    [401, '{"error":"authorization failed"}', 'unauthorized', false],
  ];
  for (const [status, body, reason, transient] of cases) {
    const server = await serve(t, (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
    const error = await failure(clientFor(t, server.url).write('rp', ['m f="1" 1']));
    t.same({ reason: error.reason, transient: error.transient, status: error.status }, { reason, transient, status }, `${status}`);
  }
});

t.test('nothing listening: unreachable, for writes, queries and ping', async (t) => {
  const client = clientFor(t, 'http://127.0.0.1:1/hostwatch'); // port 1: refused on loopback
  t.equal((await failure(client.write('rp', ['m f="1" 1']))).reason, 'unreachable');
  t.equal((await failure(client.query(['SHOW DATABASES']))).reason, 'unreachable');
  t.equal((await failure(client.ping())).reason, 'unreachable');
});

t.test('an InfluxDB that accepts and never answers: timeout, not a hung webhook', async (t) => {
  const server = await serve(t, () => {
    // never answers
  });
  const client = clientFor(t, server.url, 300);
  const write = await failure(client.write('rp', ['m f="1" 1']));
  t.same({ reason: write.reason, transient: write.transient }, { reason: 'timeout', transient: true });
  const query = await failure(client.query(['SELECT * FROM m']));
  t.same({ reason: query.reason, transient: query.transient }, { reason: 'timeout', transient: true });
  t.equal((await failure(client.ping())).reason, 'timeout', 'ping has the same deadline');
});

t.test('ping resolves only once queries go through again: not while the pool backs off after a failure', async (t) => {
  let queries = 0;
  const server = await serve(t, (req, res) => {
    // The first query's connection breaks, as when InfluxDB restarts: the pool sets the host aside.
    if (req.url?.startsWith('/query') && queries++ === 0) return void req.socket.destroy();
    if (req.url?.startsWith('/ping')) return void res.writeHead(204).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [{ statement_id: 0 }] }));
  });
  const client = clientFor(t, server.url);
  t.equal((await failure(client.query(['SHOW DATABASES']))).reason, 'unreachable');
  let pings = 0;
  for (;;) {
    pings++;
    const ready = await client.ping().then(() => true, () => false);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.same(await client.query(['SHOW DATABASES']), [[]], `the query right after ping resolved (ping ${pings}) is answered`);
});

t.test('ping: InfluxDB answering with an error is reachable', async (t) => {
  const server = await serve(t, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results: [{ statement_id: 0, error: 'database not found: hostwatch' }] })));
  await t.resolves(clientFor(t, server.url).ping(), 'an unknown database: reachable (the next write creates it)');
});

t.test('queries: statements in one POST, results per statement, errors in results classified', async (t) => {
  const server = await serve(t, (_req, res, body) => {
    const q = new URLSearchParams(body).get('q') ?? '';
    const answer = q.includes('broken')
      ? { results: [{ statement_id: 0, error: 'error parsing query: found broken' }] }
      : { results: q.split(';\n').map((_, i) => ({ statement_id: i, series: [{ name: 'm', columns: ['time', 'id'], values: [['1970-01-01T00:00:00Z', `r${i}`]] }] })) };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  const client = clientFor(t, server.url);
  const results = await client.query(['SELECT "id" FROM m WHERE a = $p0', 'SELECT "id" FROM m'], { p0: 'x' });
  t.same(results.map((r) => r[0]?.values[0]?.[1]), ['r0', 'r1']);
  const sent = new URLSearchParams(server.requests[0]?.body);
  t.equal(sent.get('db'), 'hostwatch');
  t.same(JSON.parse(sent.get('params') ?? ''), { p0: 'x' });
  const error = await failure(client.query(['broken']));
  t.same({ reason: error.reason, transient: error.transient }, { reason: 'rejected', transient: false });
});
