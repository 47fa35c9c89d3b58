import t from 'tap';
import { SILENCE_USAGE } from '../../../src/bot/arguments/index.js';
import { ALICE, startBotHarness, type Person } from '../fixtures/bot-harness.js';
import { startFakeAlertmanager } from '../fixtures/fake-alertmanager.js';

const CAROL: Person = { id: 3003, firstName: 'Carol' };

t.test('/silence creates the silence, named after the person, and answers with its id and end', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id, CAROL.id], alertmanagerUrl: alertmanager.url });
  const answer = await h.ask(ALICE.id, '/silence instance=web1:9100 alertname=~"Host.*" 2h deploy <v2>');
  const [silence] = alertmanager.silences;
  t.match(silence, {
    matchers: [
      { name: 'instance', value: 'web1:9100', isRegex: false, isEqual: true },
      { name: 'alertname', value: 'Host.*', isRegex: true, isEqual: true },
    ],
    createdBy: '@alice (tg:1001)',
    comment: 'deploy <v2>',
  });
  t.equal(Date.parse(silence?.endsAt ?? '') - Date.parse(silence?.startsAt ?? ''), 2 * 3_600_000);
  const until = `${(silence?.endsAt ?? '').slice(0, 16).replace('T', ' ')} UTC`;
  t.equal(
    answer.text,
    [
      `🔕 Silenced until ${until} (2h)`,
      `ID: ${silence?.id}`,
      'Matchers: instance="web1:9100" alertname=~"Host.*"',
      'Comment: deploy <v2>',
      `End it early with /unsilence ${silence?.id}`,
    ].join('\n'),
  );

  await h.ask(CAROL.id, '/silence alertname=HostDown 30m', CAROL);
  t.equal(alertmanager.silences[1]?.createdBy, 'Carol (tg:3003)', 'without a username, the first name');
  t.equal(alertmanager.silences[1]?.comment, 'silenced from Telegram');
});

t.test('bad arguments get the usage line and silence nothing', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  t.equal((await h.ask(ALICE.id, '/silence')).text, `⚠️ give at least one matcher and a duration\n${SILENCE_USAGE}`);
  t.equal((await h.ask(ALICE.id, '/silence instance=web1 2')).text, `⚠️ the duration 2 needs a unit: 2m, 2h or 2d\n${SILENCE_USAGE}`);
  t.equal(alertmanager.silences.length, 0);
});

t.test('TELEGRAM_ALLOWED_USER_IDS: others are refused, politely', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const group = -100300;
  const h = await startBotHarness(t, { allowedChatIds: [group], allowedUserIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  const refused = await h.ask(group, '/silence alertname=HostDown 1h', CAROL);
  t.match(refused.text, /^Sorry, you may not silence alerts/);
  t.equal(alertmanager.silences.length, 0);
  await h.ask(group, '/silence alertname=HostDown 1h', ALICE);
  t.equal(alertmanager.silences.length, 1, 'a listed user may');
});

t.test('Alertmanager refusing, or not configured', async (t) => {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  alertmanager.failWith(400);
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id], alertmanagerUrl: alertmanager.url });
  t.equal(
    (await h.ask(ALICE.id, '/silence alertname=HostDown 1h')).text,
    '⚠️ Could not create the silence: Alertmanager refused POST /api/v2/silences (HTTP 400): the fake Alertmanager is failing',
  );
  const unconfigured = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  t.match((await unconfigured.ask(ALICE.id, '/silence alertname=HostDown 1h')).text, 'ALERTMANAGER_URL is not set');
});
