import t from 'tap';
import { MAX_CALLBACK_DATA_BYTES } from '../../../test/helpers/telegram-bot-api.js';
import { historyKeyboard, parseHistoryCallback } from '../../src/bot/history-buttons.js';

const TOKEN = 'AbCdEfGh_-12';

t.test('Newer on every page but the first, Older while there is more', async (t) => {
  t.equal(historyKeyboard(TOKEN, 1, false), undefined);
  t.same(historyKeyboard(TOKEN, 1, true), { inline_keyboard: [[{ text: 'Older ›', callback_data: `hist:${TOKEN}:2` }]] });
  t.same(historyKeyboard(TOKEN, 3, false), { inline_keyboard: [[{ text: '‹ Newer', callback_data: `hist:${TOKEN}:2` }]] });
  const both = historyKeyboard(TOKEN, 99_999, true);
  for (const button of both?.inline_keyboard[0] ?? []) {
    t.ok(Buffer.byteLength(button.callback_data ?? '') <= MAX_CALLBACK_DATA_BYTES, 'under Telegram’s 64 bytes');
  }
});

t.test('the data reads back; anything else is not a history button', async (t) => {
  t.same(parseHistoryCallback(`hist:${TOKEN}:2`), { token: TOKEN, page: 2 });
  for (const data of [`hist:${TOKEN}:0`, `hist:${TOKEN}:-1`, `hist:${TOKEN}:2:x`, `hist:short:2`, `hist:${TOKEN}:1234567`, `silence:${TOKEN}:1h`, '']) {
    t.equal(parseHistoryCallback(data), undefined, data);
  }
});
