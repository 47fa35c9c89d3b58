import t from 'tap';
import { UNSILENCE_USAGE } from '../../../src/bot/arguments/index.js';
import { ALICE, startBotHarness } from '../fixtures/bot-harness.js';
import { startFakeAlertmanager } from '../fixtures/fake-alertmanager.js';

t.test('/unsilence ends the silence, once', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  await h.ask(ALICE.id, '/silence alertname=HostDown 1h');
  const id = alertmanager.silences[0]?.id ?? '';
  const ended = await h.ask(ALICE.id, `/unsilence ${id.toUpperCase()}`);
  t.equal(ended.text, `🔔 Silence ${id} ended (alertname="HostDown", by @alice (tg:1001)).`);
  t.equal(alertmanager.silences[0]?.expired, true);
  t.match((await h.ask(ALICE.id, `/unsilence ${id}`)).text, new RegExp(`^Silence ${id} \\(alertname="HostDown", by @alice \\(tg:1001\\)\\) already ended at `));
  t.equal((await h.ask(ALICE.id, '/unsilence 3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97')).text, 'Alertmanager has no silence 3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97.');
});

t.test('bad arguments get the usage line; unlisted users are refused', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id, 4004], allowedUserIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  t.equal((await h.ask(ALICE.id, '/unsilence')).text, `⚠️ give the id of the silence to end\n${UNSILENCE_USAGE}`);
  t.match((await h.ask(ALICE.id, '/unsilence nope')).text, `\n${UNSILENCE_USAGE}`);
  t.match((await h.ask(4004, '/unsilence 3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97', { id: 4004, firstName: 'Dan' })).text, /^Sorry, you may not silence alerts/);
});
