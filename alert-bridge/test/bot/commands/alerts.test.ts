import t from 'tap';
import { ALICE, startBotHarness } from '../fixtures/bot-harness.js';
import { gettableAlert, startFakeAlertmanager } from '../fixtures/fake-alertmanager.js';

const DB_CHAT = -100200;

t.test("/alerts lists what is firing, the chat's own alerts first", async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  alertmanager.setAlerts([
    gettableAlert({ alertname: 'HostDown', instance: 'web1:9100', severity: 'critical' }, 'web1 is down'),
    gettableAlert({ alertname: 'DiskFull', instance: 'db1:9100', severity: 'warning', team: 'db' }, 'Disk at 95%'),
  ]);
  const h = await startBotHarness(t, {
    allowedChatIds: [ALICE.id, DB_CHAT],
    routes: [{ matchers: ['team="db"'], destination: { chatId: String(DB_CHAT) }, continue: false }],
    defaultChat: { chatId: String(ALICE.id) },
    alertmanagerUrl: alertmanager.url,
  });
  const inDbChat = await h.ask(DB_CHAT, '/alerts');
  t.match(inDbChat.text, /^Firing now: 2\n\nSent to this chat \(1\)\n🟠 DiskFull db1:9100 · 1h — Disk at 95%\n\nElsewhere \(1\)\n🔴 HostDown web1:9100/);
  const inDefaultChat = await h.ask(ALICE.id, '/alerts');
  t.match(inDefaultChat.text, /^Firing now: 2\n\nSent to this chat \(1\)\n🔴 HostDown/);
  const query = alertmanager.alertQueries[0];
  t.same(
    { active: query?.get('active'), silenced: query?.get('silenced'), inhibited: query?.get('inhibited') },
    { active: 'true', silenced: 'false', inhibited: 'false' },
    'active alerts, neither silenced nor inhibited',
  );
});

t.test('nothing firing', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  t.match((await h.ask(ALICE.id, '/alerts')).text, /^✅ Nothing is firing/);
});

t.test('Alertmanager failing, or not configured', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  alertmanager.failWith(503);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  t.equal((await h.ask(ALICE.id, '/alerts')).text, '⚠️ Could not get the firing alerts: Alertmanager answered HTTP 503 (GET /api/v2/alerts): the fake Alertmanager is failing');
  const unconfigured = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  t.match((await unconfigured.ask(ALICE.id, '/alerts')).text, 'ALERTMANAGER_URL is not set');
});
