import { randomUUID } from 'node:crypto';
import { readFile, statfs } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { uptime as osUptime } from 'node:os';
import t from 'tap';
import { parseSilenceArguments } from '../alert-bridge/src/bot/arguments/silence.js';
import { parseUnsilenceArguments } from '../alert-bridge/src/bot/arguments/unsilence.js';
import { matchesEmpty, parseMatcher, type Matcher } from '../alert-bridge/src/bot/arguments/matcher.js';
import { AlertmanagerClient } from '../alert-bridge/src/upstream/alertmanager.js';
import { SilenceNotFoundError, UpstreamError } from '../alert-bridge/src/upstream/errors.js';
import type { HostStatus } from '../alert-bridge/src/upstream/host-status.js';
import { PrometheusClient } from '../alert-bridge/src/upstream/prometheus.js';
import { startAlertmanager } from './helpers/alertmanager.js';
import { collectorFlags, startHostwatchExporter, startNodeExporter } from './helpers/exporters.js';
import { freePort } from './helpers/ports.js';
import { waitFor } from './helpers/processes.js';
import { startPrometheus } from './helpers/prometheus.js';

// The bridge's upstream clients against Debian's real Prometheus, node_exporter and Alertmanager: the
// host-status PromQL on real metrics (node_exporter's and Hostwatch's own exporter's), and silences
// made from parsed /silence arguments.

/** 100 * (1 - MemAvailable / MemTotal) as the kernel says it now. */
async function memoryPercentNow(): Promise<number> {
  const meminfo = await readFile('/proc/meminfo', 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1]);
  return 100 * (1 - kib('MemAvailable') / kib('MemTotal'));
}

t.test('hostStatus on real exporters: readings in range and close to the kernel; a closed port is down', async (t) => {
  const nodeExporter = await startNodeExporter(collectorFlags());
  t.teardown(() => nodeExporter.process.stop());
  const hostwatchExporter = await startHostwatchExporter();
  t.teardown(() => hostwatchExporter.process.stop());
  const closed = `127.0.0.1:${await freePort()}`;
  // A healthy target without node metrics, as an application's own /metrics would be.
  const application = http.createServer((_request, response) => response.end('app_requests_total 1\n'));
  await new Promise<void>((resolve) => application.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => application.close(() => resolve())));
  const applicationInstance = `127.0.0.1:${(application.address() as AddressInfo).port}`;
  const nodeInstance = `127.0.0.1:${nodeExporter.port}`;
  const hostwatchInstance = `127.0.0.1:${hostwatchExporter.port}`;

  // Thresholds as the threshold rules would set them: node_exporter's host is over its tiny memory
  // threshold; Hostwatch's exporter's can be over none (this machine may be busy), which fixes the order.
  const threshold = (resource: string, instance: string, value: number): string => `
      - record: hostwatch:threshold:${resource}_percent
        expr: vector(${value})
        labels: { instance: "${instance}" }`;
  const rules = `groups:
  - name: thresholds
    interval: 1s
    rules:${threshold('memory', nodeInstance, 0.001)}${['cpu', 'memory', 'filesystem'].map((r) => threshold(r, hostwatchInstance, 100)).join('')}
`;
  const prometheus = await startPrometheus(
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [thresholds.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["${nodeInstance}", "${closed}"]
  - job_name: hostwatch
    static_configs:
      - targets: ["${hostwatchInstance}"]
  - job_name: application
    static_configs:
      - targets: ["${applicationInstance}"]
`,
    { 'thresholds.yml': rules },
  );
  t.teardown(() => prometheus.stop());
  await prometheus.waitForTargetsUp(3);

  const client = new PrometheusClient({ url: prometheus.url });
  // rate() needs two scrapes in its window and the rule one evaluation: wait until every reading is there.
  const hosts = await waitFor(
    'every reading of both exporters',
    async () => {
      const status = await client.hostStatus();
      const complete = (instance: string): boolean => {
        const host = status.find((h) => h.instance === instance);
        return host !== undefined && [host.cpu, host.memory, host.disk].every((u) => u.percent !== undefined) && host.uptimeSeconds !== undefined;
      };
      const thresholdLoaded = status.find((h) => h.instance === hostwatchInstance)?.disk.threshold === 100;
      return complete(nodeInstance) && complete(hostwatchInstance) && thresholdLoaded && status;
    },
    60_000,
    500,
  );
  const memoryNow = await memoryPercentNow();

  t.same(
    hosts.map((h) => [h.instance, h.up]),
    [
      [closed, false],
      [nodeInstance, true],
      [hostwatchInstance, true],
    ],
    'the closed port first (down), then the host over its memory threshold, then the rest; a healthy application is no host',
  );
  const down = hosts[0] as HostStatus;
  t.same(down, { instance: closed, up: false, cpu: { threshold: 75, over: false }, memory: { threshold: 75, over: false }, disk: { threshold: 75, over: false } });

  for (const instance of [nodeInstance, hostwatchInstance]) {
    const host = hosts.find((h) => h.instance === instance) as HostStatus;
    for (const resource of ['cpu', 'memory', 'disk'] as const) {
      const percent = host[resource].percent ?? NaN;
      t.ok(percent >= 0 && percent <= 100, `${instance} ${resource} ${percent} is a percentage`);
    }
    t.ok(Math.abs((host.memory.percent ?? NaN) - memoryNow) < 5, `${instance} memory ${host.memory.percent} is near the kernel's ${memoryNow}`);
    t.ok(host.disk.mountpoint?.startsWith('/'), `${instance} names the fullest mountpoint (${host.disk.mountpoint})`);
    const fs = await statfs(host.disk.mountpoint ?? '/');
    const diskNow = 100 * (1 - fs.bavail / fs.blocks);
    t.ok(Math.abs((host.disk.percent ?? NaN) - diskNow) < 2, `${instance} disk ${host.disk.percent} is near statfs's ${diskNow}`);
    t.ok(Math.abs((host.uptimeSeconds ?? NaN) - osUptime()) < 120, `${instance} uptime ${host.uptimeSeconds} is near the kernel's ${osUptime()}`);
  }
  const node = hosts.find((h) => h.instance === nodeInstance) as HostStatus;
  t.match(node.memory, { threshold: 0.001, over: true }, 'the threshold series applies to its instance');
  t.match(node.cpu, { threshold: 75 }, 'other resources of that host keep the default');
  t.match(hosts.find((h) => h.instance === hostwatchInstance), { cpu: { threshold: 100, over: false }, memory: { threshold: 100 }, disk: { threshold: 100 } });

  const [sample] = await client.query('vector(1234)', new Date(1_700_000_000_000));
  t.match(sample, { labels: {}, value: 1234, time: new Date(1_700_000_000_000) }, 'query() evaluates at the time given');
  const error = await client.query('up{').catch((e: unknown) => e);
  t.match(error, { name: 'UpstreamError', reason: 'rejected', status: 400, message: /^Prometheus refused the query \(bad_data\): .*parse error/ });
});

t.test('alerts and silences on a real Alertmanager', async (t) => {
  const alertmanager = await startAlertmanager();
  t.teardown(() => alertmanager.stop());
  const client = new AlertmanagerClient({ url: alertmanager.url });
  const labels = { alertname: 'BridgeUpstreamTest', instance: 'web1:9100', severity: 'warning' };
  await alertmanager.postAlerts([{ labels, annotations: { summary: 'posted by the test' } }]);

  const listed = await waitFor('the posted alert', async () => (await client.alerts()).find((a) => a.labels.alertname === labels.alertname));
  t.match(listed, { labels, annotations: { summary: 'posted by the test' }, status: { silencedBy: [] } });
  t.same((await client.alerts({ filter: ['alertname="BridgeUpstreamTest"', 'instance=~"web.*"'] })).map((a) => a.labels), [labels], 'filters');
  t.same(await client.alerts({ filter: ['alertname="SomethingElse"'] }), []);

  const parsed = parseSilenceArguments('alertname=BridgeUpstreamTest instance=~"web1:.*" 2h "bridge upstream test"');
  if (!parsed.ok) throw new Error(parsed.reason);
  const startsAt = new Date();
  const id = await client.createSilence({
    matchers: parsed.value.matchers,
    startsAt,
    endsAt: new Date(startsAt.getTime() + parsed.value.durationMs),
    createdBy: 'bridge-upstream test',
    comment: parsed.value.comment,
  });
  t.ok(parseUnsilenceArguments(id).ok, `the id ${id} is what /unsilence takes`);
  t.match(await client.silence(id), {
    id,
    status: { state: 'active' },
    matchers: parsed.value.matchers,
    createdBy: 'bridge-upstream test',
    comment: 'bridge upstream test',
  });

  await waitFor('the alert to be silenced', async () => (await client.alerts()).length === 0);
  const silenced = await client.alerts({ silenced: true });
  t.match(silenced, [{ labels, status: { state: 'suppressed', silencedBy: [id] } }], 'listed as silenced only when asked');

  await client.expireSilence(id);
  t.match(await client.silence(id), { status: { state: 'expired' } });
  await waitFor('the alert to be active again', async () => (await client.alerts()).length === 1);

  const unknown = randomUUID();
  const notFound = await client.expireSilence(unknown).catch((e: unknown) => e);
  t.type(notFound, SilenceNotFoundError, 'expiring an unknown silence');
  t.match(notFound, { silenceId: unknown });
  t.type(await client.silence(unknown).catch((e: unknown) => e), SilenceNotFoundError, 'reading an unknown silence');
});

t.test('the parser refuses exactly the matcher sets Alertmanager refuses as matching everything', async (t) => {
  const alertmanager = await startAlertmanager();
  t.teardown(() => alertmanager.stop());
  const client = new AlertmanagerClient({ url: alertmanager.url });
  const sets = [
    ['alertname=~".*"'],
    ['instance=""'],
    ['a=~"x?"', 'b=""'],
    ['a=~"x|"'],
    ['alertname=~".+"'],
    ['instance!=""'],
    ['instance!~"web.*"'],
    ['a=~".*"', 'instance=web1'],
    ['a=~"(?i)x*"'],
  ];
  for (const texts of sets) {
    const matchers: Matcher[] = texts.map((text) => {
      const result = parseMatcher(text);
      if (!('matcher' in result)) throw new Error(`${text}: ${JSON.stringify(result)}`);
      return result.matcher;
    });
    const startsAt = new Date();
    const outcome = await client
      .createSilence({ matchers, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), createdBy: 'test', comment: 'test' })
      .then(() => 'accepted', (error: unknown) => (error instanceof UpstreamError && /must not match the empty string/.test(error.message) ? 'refused' : error));
    const parserSays = parseSilenceArguments(`${texts.join(' ')} 1h`).ok ? 'accepted' : 'refused';
    t.equal(parserSays, outcome, texts.join(' '));
    t.equal(matchers.every(matchesEmpty), outcome === 'refused');
  }
});
