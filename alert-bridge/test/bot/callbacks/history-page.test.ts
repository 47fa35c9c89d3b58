import t from 'tap';
import { makeRecord, plusMs } from '../../history/records.js';
import { ALICE, startBotHarness, type BotHarness } from '../fixtures/bot-harness.js';

const BOB_CHAT = 2002;
const OUT_OF_DATE = 'This list is out of date; send /history again.';

async function seed(h: BotHarness): Promise<void> {
  await h.store.append(Array.from({ length: 25 }, (_, i) => makeRecord({ alertname: `Alert${i}`, startsAt: plusMs('2026-11-23T10:00:00.000Z', i * 60_000) })));
}

/** A message with a button of any data, as a modified client could press it. */
async function forged(h: BotHarness, chatId: number, data: string): Promise<number> {
  await h.deps.limits.acquire(String(chatId));
  const message = await h.deps.api.sendMessage({ chat_id: chatId, text: 'History', reply_markup: { inline_keyboard: [[{ text: 'Older ›', callback_data: data }]] } });
  return message.message_id;
}

const olderData = (h: BotHarness, chatId: number, messageId: number): string => {
  const markup = h.fake.messages(chatId).find((m) => m.messageId === messageId)?.replyMarkup;
  const button = markup && 'inline_keyboard' in markup ? markup.inline_keyboard[0]?.find((b) => b.text === 'Older ›') : undefined;
  return button?.callback_data ?? '';
};

t.test('history buttons work only on the message they were made for', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id, BOB_CHAT] });
  await seed(h);
  const page = await h.ask(ALICE.id, '/history');
  const data = olderData(h, ALICE.id, page.messageId);
  const token = data.split(':')[1] as string;

  await h.press(BOB_CHAT, await forged(h, BOB_CHAT, data), data, { id: BOB_CHAT });
  t.equal(h.fake.callbackAnswers().at(-1)?.text, OUT_OF_DATE, "another chat's token");
  await h.press(ALICE.id, await forged(h, ALICE.id, data), data);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, OUT_OF_DATE, 'the right token on another message');
  await h.press(ALICE.id, await forged(h, ALICE.id, `hist:${token}:3`), `hist:${token}:3`);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, OUT_OF_DATE, 'a page never offered');
  await h.press(ALICE.id, await forged(h, ALICE.id, 'hist:AAAAAAAAAAAA:2'), 'hist:AAAAAAAAAAAA:2');
  t.equal(h.fake.callbackAnswers().at(-1)?.text, OUT_OF_DATE, 'an unknown token');
  t.equal(h.fake.messages(ALICE.id).find((m) => m.messageId === page.messageId)?.editedAt, undefined, 'the history message is untouched');

  const newer = await h.ask(ALICE.id, '/history');
  await h.press(ALICE.id, page.messageId, data);
  t.equal(h.fake.callbackAnswers().at(-1)?.text, OUT_OF_DATE, 'a newer /history replaces the old one');
  await h.press(ALICE.id, newer.messageId, olderData(h, ALICE.id, newer.messageId));
  t.match(h.fake.messages(ALICE.id).find((m) => m.messageId === newer.messageId)?.text, /page 2/, 'the newest works');
});

t.test('a chat no longer allowed cannot page', async (t) => {
  const first = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await seed(first);
  const page = await first.ask(ALICE.id, '/history');
  await first.bot.close();
  const second = await startBotHarness(t, { allowedChatIds: [], fake: first.fake, dataDir: first.dataDir });
  await second.press(ALICE.id, page.messageId, olderData(second, ALICE.id, page.messageId));
  t.equal(second.fake.callbackAnswers().at(-1)?.text, 'This chat may not use this bot.');
});
