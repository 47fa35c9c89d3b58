import t, { type Test } from 'tap';
import { exactMatchers } from '../../../src/bot/callbacks/silence.js';
import { makeRecord } from '../../history/records.js';
import { sendAlertMessage, sendForgedButtons } from '../fixtures/alert-message.js';
import { ALICE, startBotHarness, type Person } from '../fixtures/bot-harness.js';
import { startFakeAlertmanager } from '../fixtures/fake-alertmanager.js';

const GROUP = -100400;
const OTHER_GROUP = -100401;
const BOB: Person = { id: 2002, username: 'bob' };
const web1 = makeRecord({ alertname: 'HostDown', instance: 'web1:9100', labels: { job: 'node' } });
const web2 = makeRecord({ alertname: 'HostDown', instance: 'web2:9100', labels: { job: 'node' } });

async function setUp(t: Test, options: { allowedUserIds?: number[]; allowedChatIds?: number[] } = {}) {
  const alertmanager = await startFakeAlertmanager();
  t.teardown(alertmanager.close);
  const h = await startBotHarness(t, {
    allowedChatIds: options.allowedChatIds ?? [GROUP, OTHER_GROUP, ALICE.id],
    ...(options.allowedUserIds ? { allowedUserIds: options.allowedUserIds } : {}),
    alertmanagerUrl: alertmanager.url,
  });
  return { alertmanager, h };
}

t.test('a Silence button silences each alert of its message exactly, once, and the message says so', async (t) => {
  const { alertmanager, h } = await setUp(t);
  const { token, messageId } = await sendAlertMessage(h, GROUP, [web1, web2]);
  await h.press(GROUP, messageId, `silence:${token}:4h`);

  t.equal(alertmanager.silences.length, 2, 'one silence per alert');
  t.same(alertmanager.silences.map((s) => s.matchers), [exactMatchers(web1.labels), exactMatchers(web2.labels)]);
  t.same(exactMatchers(web1.labels), [
    { name: 'alertname', value: 'HostDown', isRegex: false, isEqual: true },
    { name: 'instance', value: 'web1:9100', isRegex: false, isEqual: true },
    { name: 'job', value: 'node', isRegex: false, isEqual: true },
    { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
  ]);
  for (const silence of alertmanager.silences) {
    t.equal(silence.createdBy, '@alice (tg:1001)');
    t.equal(Date.parse(silence.endsAt) - Date.parse(silence.startsAt), 4 * 3_600_000);
  }
  t.equal(h.fake.callbackAnswers().at(-1)?.text, 'Silenced for 4h.');

  const [message] = h.fake.messages(GROUP);
  const until = `${(alertmanager.silences[0]?.endsAt ?? '').slice(0, 16).replace('T', ' ')} UTC`;
  t.equal(message?.text, `🔴 Firing: HostDown on web1\n\n🔕 Silenced by @alice until ${until} (4h)`);
  t.match(message?.entities, [{ type: 'bold', offset: 0, length: 9 }], 'the original formatting is kept');
  t.equal(message?.replyMarkup, undefined, 'the buttons are gone');

  await h.press(GROUP, messageId, `silence:${token}:1h`, BOB);
  t.equal(alertmanager.silences.length, 2, 'pressing again silences nothing more');
  t.equal(h.fake.callbackAnswers().at(-1)?.text, `Already silenced by @alice until ${until}.`);
});

t.test('forged presses silence nothing', async (t) => {
  const { alertmanager, h } = await setUp(t);
  const { token, messageId } = await sendAlertMessage(h, GROUP, [web1]);
  const refusal = 'This button does not belong to this message.';

  const unknown = await sendForgedButtons(h, GROUP, 'AAAAAAAAAAAA');
  await h.press(GROUP, unknown, 'silence:AAAAAAAAAAAA:1h');
  t.equal(h.fake.callbackAnswers().at(-1)?.text, refusal, 'an unknown token');

  const elsewhere = await sendForgedButtons(h, OTHER_GROUP, token);
  await h.press(OTHER_GROUP, elsewhere, `silence:${token}:1h`);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, refusal, 'a real token pressed from another chat');

  const copy = await sendForgedButtons(h, GROUP, token);
  t.not(copy, messageId);
  await h.press(GROUP, copy, `silence:${token}:1h`);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, refusal, 'a real token on another message of the same chat');

  t.equal(alertmanager.silences.length, 0, 'Alertmanager got no silence');
  t.equal(h.fake.messages(GROUP).find((m) => m.messageId === messageId)?.editedAt, undefined, 'the alert message is untouched');
  t.equal(h.fake.callbackAnswers().length, 3, 'each press answered, with nothing else');
  t.equal(h.fake.requests('sendMessage').length, 4, 'no message besides the test’s own');
});

t.test('a chat or a user not allowed may not silence', async (t) => {
  const { alertmanager, h } = await setUp(t, { allowedChatIds: [OTHER_GROUP], allowedUserIds: [ALICE.id] });
  const inOther = await sendAlertMessage(h, OTHER_GROUP, [web1]);
  await h.press(OTHER_GROUP, inOther.messageId, `silence:${inOther.token}:1h`, BOB);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, 'Sorry, you may not silence alerts.');

  const inGroup = await sendAlertMessage(h, GROUP, [web1]);
  await h.press(GROUP, inGroup.messageId, `silence:${inGroup.token}:1h`, ALICE);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, 'This chat may not use this bot.');
  t.equal(alertmanager.silences.length, 0);

  await h.press(OTHER_GROUP, inOther.messageId, `silence:${inOther.token}:1h`, ALICE);
  t.equal(alertmanager.silences.length, 1, 'a listed user in an allowed chat may');
});

t.test('Alertmanager failing: the press says why, and a later press finishes the job without duplicates', async (t) => {
  const { alertmanager, h } = await setUp(t);
  const { token, messageId } = await sendAlertMessage(h, ALICE.id, [web1, web2]);
  alertmanager.failWith(503);
  await h.press(ALICE.id, messageId, `silence:${token}:1h`);
  t.match(h.fake.callbackAnswers().at(-1), { text: /^Could not silence: Alertmanager answered HTTP 503/, showAlert: true });
  alertmanager.failWith(undefined);
  await h.press(ALICE.id, messageId, `silence:${token}:1h`);
  t.equal(alertmanager.silences.length, 2);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, 'Silenced for 1h.');
});

t.test('a message too long to take the line loses its buttons and gets a reply instead', async (t) => {
  const { alertmanager, h } = await setUp(t);
  const { token, messageId } = await sendAlertMessage(h, ALICE.id, [web1], `<b>Firing</b>\n${'x'.repeat(4080)}`);
  await h.press(ALICE.id, messageId, `silence:${token}:24h`);
  t.equal(alertmanager.silences.length, 1);
  const [alert, reply] = h.fake.messages(ALICE.id);
  t.equal(alert?.replyMarkup, undefined, 'the buttons are gone');
  t.equal(alert?.history.length, 1, 'edited once (its buttons)');
  t.match(reply?.text, /^🔕 Silenced by @alice until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(24h\)$/);
});

t.test('data the bot never makes only stops the spinner', async (t) => {
  const { alertmanager, h } = await setUp(t);
  await h.deps.limits.acquire(String(ALICE.id));
  const message = await h.deps.api.sendMessage({ chat_id: ALICE.id, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'silence:bad:1h' }]] } });
  await h.press(ALICE.id, message.message_id, 'silence:bad:1h');
  t.equal(h.fake.callbackAnswers().at(-1)?.text, 'This button no longer works.');
  t.equal(alertmanager.silences.length, 0);
});
