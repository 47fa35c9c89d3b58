import t from 'tap';
import { freePort } from '../../../../test/helpers/ports.js';
import { STATUS_USAGE } from '../../../src/bot/arguments/index.js';
import { ALICE, startBotHarness } from '../fixtures/bot-harness.js';
import { startFakePrometheus } from '../fixtures/fake-prometheus.js';

t.test('/status lists every host, down and over threshold first; /status <host> shows one', async (t) => {
  const prometheus = await startFakePrometheus([
    { instance: 'web2:9100', up: true, cpu: 5, memory: 30, disk: 12 },
    { instance: 'db1:9100', up: true, cpu: 91, memory: 40, disk: 20 },
    { instance: 'web1:9100', up: false },
  ]);
  t.teardown(prometheus.close);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], prometheusUrl: prometheus.url });
  const all = await h.ask(ALICE.id, '/status');
  t.match(all.text, /^Hosts: 3 · 1 down · 1 over threshold\n🔴 web1:9100 {2}down\n🟠 db1:9100 {2}CPU 91%⚠️ · Mem 40% · Disk 20%\n🟢 web2:9100 {2}CPU 5%/);
  t.match(all.entities, [{ type: 'bold' }], 'hosts and over-threshold values are bold');
  const one = await h.ask(ALICE.id, '/status db1');
  t.match(one.text, /^🟠 db1:9100 · up 1h\nCPU 91%⚠️ · threshold 75%/);
  const unknown = await h.ask(ALICE.id, '/status nosuchhost');
  t.equal(unknown.text, 'Prometheus knows no host nosuchhost; /status lists them all.');
});

t.test('bad arguments get the usage line', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  const answer = await h.ask(ALICE.id, '/status web1 web2');
  t.equal(answer.text, `⚠️ give at most one host\n${STATUS_USAGE}`);
});

t.test('without PROMETHEUS_URL, /status says so', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  const answer = await h.ask(ALICE.id, '/status');
  t.match(answer.text, 'PROMETHEUS_URL is not set');
});

t.test('Prometheus down: one line saying what failed, without the credentials of its URL', async (t) => {
  const port = await freePort();
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], prometheusUrl: `http://admin:hunter2@127.0.0.1:${port}` });
  const answer = await h.ask(ALICE.id, '/status');
  t.match(answer.text, /^⚠️ Could not get the host status: Prometheus is unreachable \(GET \/api\/v1\/query\)/);
  t.notMatch(answer.text, 'hunter2');
  t.notMatch(answer.text, /\n|\bat \w+ \(/, 'one line, no stack');
  t.match(h.log.text(), 'command failed', 'logged');
  t.notMatch(h.log.text(), 'hunter2');
});
