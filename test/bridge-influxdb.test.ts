import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startInfluxDB } from './helpers/influxdb.js';
import { freePort } from './helpers/ports.js';
import { makeTempDir, startProcess, waitForHttp } from './helpers/processes.js';

// The built bridge against a real influxd: INFLUXDB_URL wiring, and 503 (never a 4xx) while InfluxDB is
// down, so that Alertmanager retries and nothing acknowledged is lost.

const bridgeMain = fileURLToPath(new URL('../alert-bridge/dist/main.js', import.meta.url));
const fixtures = new URL('../../shared/fixtures/alertmanager-0.25/', import.meta.url);
const TOKEN = 'bridge-influx-test-token';

t.test('webhooks go to InfluxDB; while it is down they get 503, and the retry lands', async (t) => {
  const influx = await startInfluxDB();
  t.teardown(influx.cleanup);
  const temp = await makeTempDir('bridge-influxdb');
  t.teardown(temp.remove);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bridge = startProcess('node', [bridgeMain], {
    env: {
      BRIDGE_AUTH_TOKEN: TOKEN,
      BRIDGE_AUTH_TOKEN_FILE: '',
      BRIDGE_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      BRIDGE_DATA_DIR: temp.path,
      BRIDGE_LOG_LEVEL: 'info',
      INFLUXDB_URL: influx.urlFor('hostwatch_bridge_test'),
      INFLUXDB_RETENTION: '30d',
    },
  });
  t.teardown(() => bridge.stop());
  await waitForHttp(`${url}/readyz`, bridge);
  t.match(bridge.output(), /"store":"influxdb"/);

  const post = async (name: string): Promise<Response> =>
    fetch(`${url}/webhook`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: await readFile(new URL(name, fixtures), 'utf8'),
    });
  const history = async (): Promise<{ notifications: { status: string; alertname: string }[] }> =>
    (await fetch(`${url}/api/v1/notifications`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json() as Promise<{
      notifications: { status: string; alertname: string }[];
    }>;

  const firing = await post('firing-single.json');
  t.equal(firing.status, 200);
  t.same(await firing.json(), { stored: 1, duplicates: 0 });
  t.same(await (await post('firing-single.json')).json(), { stored: 0, duplicates: 1 }, 'a redelivery is stored once');
  t.match(await history(), { notifications: [{ status: 'firing', alertname: 'HostHighMemoryUsage' }] });
  const policies = await influx.query('SHOW RETENTION POLICIES ON "hostwatch_bridge_test"');
  t.match(JSON.stringify(policies), /"30d0h0m0s"|720h0m0s/, 'the retention policy has the configured duration');

  await influx.stop();
  const down = await post('resolved-single.json');
  t.equal(down.status, 503, 'InfluxDB down: 503, which Alertmanager retries');
  t.match(await down.json(), { error: { status: 503 } });
  t.equal((await fetch(`${url}/readyz`)).status, 503);
  t.equal((await fetch(`${url}/healthz`)).status, 200);

  await influx.restart();
  await waitForHttp(`${url}/readyz`, bridge);
  const retried = await post('resolved-single.json');
  t.equal(retried.status, 200, 'once /readyz says ready, the retried webhook is stored at the first try');
  t.same(await retried.json(), { stored: 1, duplicates: 0 });
  t.same((await history()).notifications.map((n) => `${n.status} ${n.alertname}`), ['resolved HostDiskUsage', 'firing HostHighMemoryUsage']);
  t.equal(await bridge.stop(), 0);
  t.notMatch(bridge.output(), TOKEN);
});
