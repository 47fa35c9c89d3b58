import t from 'tap';
import { PrometheusClient } from '../alert-bridge/src/upstream/prometheus.js';
import { sendAlertMessage, sendForgedButtons } from '../alert-bridge/test/bot/fixtures/alert-message.js';
import { ALICE, startBotHarness, type Person } from '../alert-bridge/test/bot/fixtures/bot-harness.js';
import { makeRecord } from '../alert-bridge/test/history/records.js';
import { startAlertmanager, type StartedAlertmanager } from './helpers/alertmanager.js';
import { collectorFlags, startNodeExporter } from './helpers/exporters.js';
import { freePort } from './helpers/ports.js';
import { waitFor } from './helpers/processes.js';
import { startPrometheus } from './helpers/prometheus.js';

// The bot against Debian's real Prometheus (scraping node_exporter) and Alertmanager, with Telegram
// played by the fake Bot API: /status, /alerts, /silence, /unsilence and a Silence button, end to end.

const BOB: Person = { id: 2002, username: 'bob', firstName: 'Bob' };

interface AmSilence {
  id: string;
  createdBy: string;
  comment: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  status: { state: string };
}
interface AmAlert {
  labels: Record<string, string>;
  status: { state: string; silencedBy: string[] };
}

const getJson = async <T>(am: StartedAlertmanager, path: string): Promise<T> => (await fetch(`${am.url}${path}`)).json() as Promise<T>;

t.test('/status from real Prometheus and node_exporter', async (t) => {
  const nodeExporter = await startNodeExporter(collectorFlags());
  t.teardown(() => nodeExporter.process.stop());
  const closed = `127.0.0.1:${await freePort()}`;
  const instance = `127.0.0.1:${nodeExporter.port}`;
  // Thresholds as the threshold rules set them, so that the answer does not depend on how busy this
  // machine is: memory is always over its tiny threshold, CPU and disk never over theirs.
  const threshold = (resource: string, value: number): string => `
      - record: hostwatch:threshold:${resource}_percent
        expr: vector(${value})
        labels: { instance: "${instance}" }`;
  const prometheus = await startPrometheus(
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [thresholds.yml]
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["${instance}", "${closed}"]
`,
    { 'thresholds.yml': `groups:\n  - name: thresholds\n    interval: 1s\n    rules:${threshold('cpu', 100)}${threshold('memory', 0.001)}${threshold('filesystem', 100)}\n` },
  );
  t.teardown(() => prometheus.stop());
  // rate() needs two scrapes in its window: wait until the host has every reading.
  const client = new PrometheusClient({ url: prometheus.url });
  await waitFor(
    'every reading of node_exporter',
    async () => {
      const hosts = await client.hostStatus();
      const host = hosts.find((h) => h.instance === instance);
      const complete = host && [host.cpu, host.memory, host.disk].every((u) => u.percent !== undefined) && host.memory.threshold < 1;
      return complete && hosts.some((h) => h.instance === closed);
    },
    60_000,
    500,
  );

  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], prometheusUrl: prometheus.url });
  const all = await h.ask(ALICE.id, '/status');
  const lines = all.text.split('\n');
  const host = instance.replace(/\./g, '\\.');
  t.equal(lines[0], 'Hosts: 2 · 1 down · 1 over threshold');
  t.equal(lines[1], `🔴 ${closed}  down`, 'the host that is down comes first');
  t.match(lines[2], new RegExp(`^🟠 ${host} {2}CPU \\d+% · Mem \\d+(\\.\\d)?%⚠️ · Disk \\d+%$`), 'memory is marked over its threshold');
  const bold = all.entities.filter((e) => e.type === 'bold').map((e) => all.text.slice(e.offset, e.offset + e.length));
  t.equal(bold.length, 4);
  t.match(bold, ['Hosts', closed, instance, /^Mem \d/], 'the heading, host names and the value over its threshold are bold');
  t.equal(lines.at(-1), "⚠️ over the host's threshold; /status <host> shows them");
  for (const [, value] of (lines[2] ?? '').matchAll(/(\d+(?:\.\d)?)%/g)) t.ok(Number(value) >= 0 && Number(value) <= 100, `${value}% is a percentage`);

  const one = await h.ask(ALICE.id, `/status ${instance}`);
  t.match(one.text, new RegExp(`^🟠 ${host} · up \\d+[smhd]`));
  t.match(one.text, /\nCPU \d+% · threshold 100%\nMem \d+(\.\d)?%⚠️ · threshold 0\.001%\nDisk \d+% on \/\S* · threshold 100%$/);
});

t.test('/alerts, /silence and /unsilence on a real Alertmanager', async (t) => {
  const alertmanager = await startAlertmanager();
  t.teardown(() => alertmanager.stop());
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  const labels = { alertname: 'BotTestAlert', instance: 'web1:9100', severity: 'warning' };
  await alertmanager.postAlerts([{ labels, annotations: { summary: 'posted by the bot test' } }]);
  await waitFor('the posted alert', async () => (await getJson<AmAlert[]>(alertmanager, '/api/v2/alerts')).length === 1);

  const firing = await h.ask(ALICE.id, '/alerts');
  t.match(firing.text, /^Firing now: 1\n\nSent to other chats \(1\)\n🟠 BotTestAlert web1:9100 · \d+s — posted by the bot test$/);

  const created = await h.ask(ALICE.id, '/silence alertname=BotTestAlert 1h test');
  const id = /^ID: (\S+)$/m.exec(created.text)?.[1] ?? '';
  const silence = await getJson<AmSilence>(alertmanager, `/api/v2/silence/${id}`);
  t.match(silence, {
    id,
    createdBy: '@alice (tg:1001)',
    comment: 'test',
    matchers: [{ name: 'alertname', value: 'BotTestAlert', isRegex: false, isEqual: true }],
    status: { state: 'active' },
  });
  await waitFor('the alert to be silenced', async () => (await getJson<AmAlert[]>(alertmanager, '/api/v2/alerts?silenced=false')).length === 0);
  t.match((await h.ask(ALICE.id, '/alerts')).text, /^✅ Nothing is firing/, 'a silenced alert is not listed');

  const ended = await h.ask(ALICE.id, `/unsilence ${id}`);
  t.equal(ended.text, `🔔 Silence ${id} ended (alertname="BotTestAlert", by @alice (tg:1001)).`);
  t.match(await getJson<AmSilence>(alertmanager, `/api/v2/silence/${id}`), { status: { state: 'expired' } });
  t.match((await h.ask(ALICE.id, `/unsilence ${id}`)).text, /already ended at/);
});

t.test('a Silence button silences exactly its alert, and only when pressed on its message', async (t) => {
  const alertmanager = await startAlertmanager();
  t.teardown(() => alertmanager.stop());
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id, BOB.id], alertmanagerUrl: alertmanager.url });
  const record = makeRecord({ alertname: 'BotButtonAlert', instance: 'db1:9100', severity: 'critical', labels: { job: 'node' } });
  const neighbour = { ...record.labels, instance: 'db2:9100' };
  await alertmanager.postAlerts([{ labels: { ...record.labels } }, { labels: neighbour }]);
  await waitFor('the posted alerts', async () => (await getJson<AmAlert[]>(alertmanager, '/api/v2/alerts')).length === 2);
  const { token, messageId } = await sendAlertMessage(h, ALICE.id, [record]);

  const forged = await sendForgedButtons(h, BOB.id, token);
  await h.press(BOB.id, forged, `silence:${token}:1h`, BOB);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, 'This button does not belong to this message.');
  t.same(await getJson<AmSilence[]>(alertmanager, '/api/v2/silences'), [], 'pressed from another chat: no silence');

  await h.press(ALICE.id, messageId, `silence:${token}:1h`);
  const silences = await getJson<AmSilence[]>(alertmanager, '/api/v2/silences');
  t.equal(silences.length, 1);
  t.same(
    silences[0]?.matchers.map(({ name, value, isRegex, isEqual }) => ({ name, value, isRegex, isEqual })).sort((a, b) => a.name.localeCompare(b.name)),
    Object.entries(record.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })).sort((a, b) => a.name.localeCompare(b.name)),
    'equality on every label of the alert',
  );
  t.equal(silences[0]?.createdBy, '@alice (tg:1001)');
  const id = silences[0]?.id ?? '';
  const alerts = await waitFor('the alert to be silenced', async () => {
    const list = await getJson<AmAlert[]>(alertmanager, '/api/v2/alerts');
    return list.some((a) => a.status.silencedBy.includes(id)) && list;
  });
  t.same(
    alerts.map((a) => [a.labels.instance, a.status.silencedBy]).sort(),
    [
      ['db1:9100', [id]],
      ['db2:9100', []],
    ],
    'its alert is silenced, the neighbour is not',
  );
  t.match(h.fake.messages(ALICE.id)[0]?.text, /\n\n🔕 Silenced by @alice until .* UTC \(1h\)$/);

  await h.press(ALICE.id, messageId, `silence:${token}:24h`);
  t.equal((await getJson<AmSilence[]>(alertmanager, '/api/v2/silences')).length, 1, 'a second press makes no second silence');
});
