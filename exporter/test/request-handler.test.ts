import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import type { Collector } from '../src/collector.js';
import '../src/collectors/index.js';
import { createCollectors } from '../src/exporter.js';
import { ExporterMetrics } from '../src/exporter-metrics.js';
import { gauge } from '../src/metric-family.js';
import { createRequestHandler, type RequestHandlerOptions } from '../src/request-handler.js';
import { parseCommandLine } from '../src/cli.js';

const fixtures = fileURLToPath(new URL('fixtures', import.meta.url));
const silent = pino({ level: 'silent' });
const OPENMETRICS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const fixtureCollectors = createCollectors(
  parseCommandLine(['node', 'main', `--path.procfs=${fixtures}/proc`, `--path.sysfs=${fixtures}/sys`], true),
  silent,
).filter((c) => ['cpu', 'loadavg', 'meminfo', 'stat'].includes(c.name));

async function serve(t: Test, overrides: Partial<RequestHandlerOptions> = {}): Promise<string> {
  const handler = createRequestHandler({
    telemetryPath: '/metrics',
    collectors: fixtureCollectors,
    knownCollectors: new Set(['cpu', 'loadavg', 'meminfo', 'stat', 'filesystem', 'time', 'uname']),
    exporterMetrics: new ExporterMetrics(),
    maxRequests: 40,
    version: '1.2.3',
    logger: silent,
    ...overrides,
  });
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const lines = (body: string) => body.split('\n');

t.test('/metrics serves the text format 0.0.4 with the fixture values', async (t) => {
  const url = await serve(t);
  const response = await fetch(`${url}/metrics`, { headers: { 'accept-encoding': 'identity' } });
  t.equal(response.status, 200);
  t.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const body = await response.text();
  t.ok(lines(body).includes('node_load1 0.47'), 'load average from the fixture');
  t.ok(lines(body).includes('node_cpu_seconds_total{cpu="0",mode="user"} 30.08'));
  t.ok(lines(body).includes('# TYPE node_cpu_seconds_total counter'));
  t.ok(lines(body).includes('hostwatch_exporter_build_info{nodejs_version="' + process.version + '",version="1.2.3"} 1'));
  t.ok(lines(body).includes('node_scrape_collector_success{collector="meminfo"} 1'));
  t.match(body, /^process_resident_memory_bytes \d+/m, "the exporter's own process metrics are on by default");
});

t.test('Prometheus asking for OpenMetrics gets it, ending in # EOF', async (t) => {
  const url = await serve(t);
  const response = await fetch(`${url}/metrics`, { headers: { accept: OPENMETRICS_ACCEPT } });
  t.equal(response.headers.get('content-type'), 'application/openmetrics-text; version=1.0.0; charset=utf-8');
  const body = await response.text();
  t.ok(body.endsWith('# EOF\n'));
  t.equal(body.match(/^# EOF$/gm)?.length, 1, 'exactly one EOF marker');
  t.ok(lines(body).includes('# TYPE node_cpu_seconds counter'), 'OpenMetrics names the counter family without _total');
  t.ok(lines(body).includes('node_cpu_seconds_total{cpu="1",mode="idle"} 618.09'));
  t.ok(lines(body).includes('# TYPE process_cpu_seconds counter'));

  const again = await (await fetch(`${url}/metrics`)).text();
  t.ok(lines(again).includes('# TYPE process_cpu_seconds_total counter'), 'a later text scrape keeps _total on counters');
});

t.test('gzip is used when the scraper accepts it', async (t) => {
  const url = await serve(t);
  const { request } = await import('node:http');
  const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
    request(`${url}/metrics`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
  t.equal(raw.encoding, 'gzip');
  t.ok(lines(gunzipSync(raw.body).toString()).includes('node_load1 0.47'));
});

t.test('--web.disable-exporter-metrics leaves out process and nodejs metrics', async (t) => {
  const url = await serve(t, { exporterMetrics: undefined });
  const body = await (await fetch(`${url}/metrics`)).text();
  t.notMatch(body, /^(process|nodejs)_/m);
  t.match(body, /^node_load1 /m);
});

t.test('collect[] and exclude[] choose collectors; bad names get 400', async (t) => {
  const url = await serve(t);
  const only = await (await fetch(`${url}/metrics?collect[]=loadavg`)).text();
  t.match(only, /^node_load1 /m);
  t.notMatch(only, /^node_cpu_seconds_total/m);
  t.same(only.match(/^node_scrape_collector_success\{collector="(\w+)"\}/gm), ['node_scrape_collector_success{collector="loadavg"}']);

  const without = await (await fetch(`${url}/metrics?exclude[]=cpu&exclude[]=meminfo`)).text();
  t.notMatch(without, /^node_cpu_seconds_total/m);
  t.notMatch(without, /^node_memory_/m);
  t.match(without, /^node_boot_time_seconds /m);

  const unknown = await fetch(`${url}/metrics?collect[]=nosuch`);
  t.equal(unknown.status, 400);
  t.match(await unknown.text(), /missing collector: nosuch/);
  const disabled = await fetch(`${url}/metrics?collect[]=filesystem`);
  t.equal(disabled.status, 400);
  t.match(await disabled.text(), /disabled collector: filesystem/);
  const both = await fetch(`${url}/metrics?collect[]=cpu&exclude[]=stat`);
  t.equal(both.status, 400);
});

t.test('a collector that throws costs only its own metrics', async (t) => {
  const broken: Collector = { update: async () => Promise.reject(new Error('cannot read')) };
  const url = await serve(t, { collectors: [{ name: 'cpu', collector: broken }, ...fixtureCollectors.filter((c) => c.name !== 'cpu')] });
  const response = await fetch(`${url}/metrics`);
  t.equal(response.status, 200);
  const body = lines(await response.text());
  t.ok(body.includes('node_scrape_collector_success{collector="cpu"} 0'));
  t.ok(body.includes('node_scrape_collector_success{collector="loadavg"} 1'));
  t.ok(body.includes('node_load1 0.47'));
  t.notOk(body.some((l) => l.startsWith('node_cpu_seconds_total{')));
});

t.test('concurrent scrapes beyond --web.max-requests get 503', async (t) => {
  let release: () => void = () => {};
  let signalStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (signalStarted = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const slow: Collector = {
    update: async () => {
      signalStarted();
      await released;
      return [gauge('test_slow', 'A collector that waits to be released.', 1)];
    },
  };
  const url = await serve(t, { maxRequests: 1, collectors: [{ name: 'loadavg', collector: slow }] });
  const first = fetch(`${url}/metrics`);
  await started;
  const second = await fetch(`${url}/metrics`);
  t.equal(second.status, 503);
  t.match(await second.text(), /Limit of concurrent requests reached/);
  release();
  t.equal((await first).status, 200);
  t.equal((await fetch(`${url}/metrics`)).status, 200, 'the slot is free again');
});

t.test('scrapes are read one at a time; those waiting count towards --web.max-requests', async (t) => {
  let reading = 0;
  let mostAtOnce = 0;
  let calls = 0;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const blocking: Collector = {
    update: async () => {
      calls += 1;
      reading += 1;
      mostAtOnce = Math.max(mostAtOnce, reading);
      await released;
      reading -= 1;
      return [gauge('test_blocking', 'A collector that waits to be released.', 1)];
    },
  };
  const handler = createRequestHandler({
    telemetryPath: '/metrics',
    collectors: [{ name: 'loadavg', collector: blocking }],
    knownCollectors: new Set(['loadavg']),
    maxRequests: 3,
    version: '1.2.3',
    logger: silent,
  });
  // The handler queues a scrape before it returns, so three arrivals mean three scrapes taken.
  let arrivals = 0;
  let signalThree: () => void = () => {};
  const threeArrived = new Promise<void>((resolve) => (signalThree = resolve));
  const server = createServer((req, res) => {
    handler(req, res);
    arrivals += 1;
    if (arrivals === 3) signalThree();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;

  const admitted = [fetch(url), fetch(url), fetch(url)];
  await threeArrived;
  const refused = await fetch(url);
  t.equal(refused.status, 503, 'one reading and two waiting fill --web.max-requests=3');
  t.equal(calls, 1, 'only the first scrape is reading the host');
  release();
  t.same((await Promise.all(admitted)).map((r) => r.status), [200, 200, 200], 'the waiting scrapes are served in turn');
  t.equal(calls, 3);
  t.equal(mostAtOnce, 1, 'never two scrapes reading at once');
});

t.test('two scrapes in flight at once each get their own values', async (t) => {
  let calls = 0;
  const counting: Collector = {
    update: async () => {
      calls += 1;
      const mine = calls;
      await new Promise((resolve) => setTimeout(resolve, 5 * (3 - mine)));
      return [gauge('test_scrape_number', 'Which scrape this is.', mine)];
    },
  };
  const url = await serve(t, { collectors: [{ name: 'loadavg', collector: counting }], exporterMetrics: undefined });
  const bodies = await Promise.all([1, 2].map(async () => (await fetch(`${url}/metrics`)).text()));
  const values = bodies.map((b) => /^test_scrape_number (\d+)$/m.exec(b)?.[1]).sort();
  t.same(values, ['1', '2']);
});

t.test('landing page, unknown paths and methods', async (t) => {
  const url = await serve(t, { telemetryPath: '/custom-metrics' });
  const landing = await fetch(`${url}/`);
  t.equal(landing.status, 200);
  t.match(await landing.text(), /href="\/custom-metrics"/);
  t.equal((await fetch(`${url}/custom-metrics`)).status, 200);
  t.equal((await fetch(`${url}/metrics`)).status, 404);
  const post = await fetch(`${url}/custom-metrics`, { method: 'POST' });
  t.equal(post.status, 405);
  t.equal(post.headers.get('allow'), 'GET, HEAD');
});
