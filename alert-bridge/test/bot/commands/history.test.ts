import t from 'tap';
import { HISTORY_USAGE } from '../../../src/bot/arguments/index.js';
import { makeRecord, plusMs } from '../../history/records.js';
import { ALICE, startBotHarness, type BotHarness } from '../fixtures/bot-harness.js';

/** 25 notifications a minute apart, Alert0 oldest, Alert24 newest; the odd ones on web1. */
async function seed(h: BotHarness): Promise<void> {
  const start = '2026-11-23T10:00:00.000Z';
  await h.store.append(
    Array.from({ length: 25 }, (_, i) =>
      makeRecord({ alertname: `Alert${i}`, instance: i % 2 ? 'web1:9100' : 'db1:9100', startsAt: plusMs(start, i * 60_000), annotations: { summary: `number ${i}` } }),
    ),
  );
}

/** The alert names of a page's lines, in order. */
const alertnames = (text: string): string[] => [...text.matchAll(/🔴 (Alert\d+) /g)].map((m) => m[1] as string);
const range = (from: number, to: number): string[] => Array.from({ length: from - to + 1 }, (_, i) => `Alert${from - i}`);

t.test('/history pages back with Older and forth with Newer, editing the message in place', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await seed(h);
  const first = await h.ask(ALICE.id, '/history');
  t.match(first.text, /^History · page 1\nnewest first, times UTC\n\n11-23 10:24 🔴 Alert24 db1:9100 — number 24\n/);
  t.same(alertnames(first.text), range(24, 15));
  const older = (m: typeof first) => (m.replyMarkup && 'inline_keyboard' in m.replyMarkup ? m.replyMarkup.inline_keyboard[0]?.find((b) => b.text === 'Older ›') : undefined);
  const newer = (m: typeof first) => (m.replyMarkup && 'inline_keyboard' in m.replyMarkup ? m.replyMarkup.inline_keyboard[0]?.find((b) => b.text === '‹ Newer') : undefined);
  t.ok(older(first) && !newer(first), 'the first page offers Older only');
  const current = () => h.fake.messages(ALICE.id).find((m) => m.messageId === first.messageId) as typeof first;

  await h.press(ALICE.id, first.messageId, older(first)?.callback_data ?? '');
  const second = current();
  t.match(second.text, /^History · page 2\n/);
  t.same(alertnames(second.text), range(14, 5));
  t.ok(newer(second) && older(second), 'both buttons on a middle page');

  await h.press(ALICE.id, first.messageId, older(second)?.callback_data ?? '');
  const third = current();
  t.match(third.text, /^History · page 3\n/);
  t.same(alertnames(third.text), range(4, 0));
  t.notOk(older(third), 'no Older on the last page');

  await h.press(ALICE.id, first.messageId, newer(third)?.callback_data ?? '');
  t.same(alertnames(current().text), range(14, 5), 'Newer goes back to page 2');
  t.equal(h.fake.messages(ALICE.id).length, 1, 'one message, edited');
  t.equal(h.fake.callbackAnswers().length, 3, 'every press answered');
});

t.test('/history <host|alertname> [page] filters and starts at the page', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await seed(h);
  const web1 = await h.ask(ALICE.id, '/history web1:9100 2');
  t.match(web1.text, /^History · instance web1:9100 · page 2\n/);
  t.same(alertnames(web1.text), ['Alert3', 'Alert1']);
  const one = await h.ask(ALICE.id, '/history Alert7');
  t.same(alertnames(one.text), ['Alert7']);
  t.equal(one.replyMarkup, undefined, 'one page: no buttons');
  t.equal((await h.ask(ALICE.id, '/history 9')).text, 'The history has 3 pages; /history 3 shows the last.');
  t.equal((await h.ask(ALICE.id, '/history NoSuchAlert')).text, 'No notifications stored for alertname NoSuchAlert.');
});

t.test('a history with exactly one full page offers no Older', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await h.store.append(Array.from({ length: 10 }, (_, i) => makeRecord({ alertname: `Alert${i}`, startsAt: plusMs('2026-11-23T10:00:00.000Z', i * 1000) })));
  t.equal((await h.ask(ALICE.id, '/history')).replyMarkup, undefined);
});

t.test('bad arguments get the usage line; an empty history says so', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  t.equal((await h.ask(ALICE.id, '/history a b c')).text, `⚠️ give at most a host or alert name and a page number\n${HISTORY_USAGE}`);
  t.match((await h.ask(ALICE.id, '/history web1 0')).text, `\n${HISTORY_USAGE}`);
  t.equal((await h.ask(ALICE.id, '/history')).text, 'No notifications stored yet.');
});
