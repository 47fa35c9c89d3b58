import fc from 'fast-check';
import t from 'tap';
import { escapeHtml } from '../../../../src/notify/telegram/render/escape.js';
import { HEADER_LIMIT, TELEGRAM_ENTITY_LIMIT, TELEGRAM_MESSAGE_LIMIT } from '../../../../src/notify/telegram/render/limits.js';
import { packMessages, type MessageBlock, type MessagePart } from '../../../../src/notify/telegram/render/message-pack.js';
import { parseTelegramHtml, visibleText } from './telegram-html-checker.js';

const header = (part: MessagePart): string => `<b>Header</b> (${part.index}/${part.count})`;
const block = (id: string, text: string, extra: Partial<MessageBlock> = {}): MessageBlock => ({
  html: `<b>${escapeHtml(id)}</b> ${escapeHtml(text)}`,
  recordIds: [id],
  separator: '\n\n',
  ...extra,
});

/** The ids in the order the messages show them, read back from the text. */
const shownIds = (texts: readonly string[]): string[] => texts.flatMap((text) => [...visibleText(text).matchAll(/\bid-\d+\b/g)].map((match) => match[0]));

t.test('nothing to show, no message', async (t) => {
  t.same(packMessages([], header), []);
});

t.test('blocks that fit share one message under one header', async (t) => {
  const messages = packMessages([block('id-1', 'one'), block('id-2', 'two')], header);
  t.same(messages, [{ text: '<b>Header</b> (1/1)\n\n<b>id-1</b> one\n\n<b>id-2</b> two', recordIds: ['id-1', 'id-2'] }]);
});

t.test('150 blocks: split between blocks, every message opens with its header and place, order kept', async (t) => {
  const blocks = Array.from({ length: 150 }, (_, i) => block(`id-${i}`, 'x'.repeat(200 + (i % 7) * 30)));
  const messages = packMessages(blocks, header);
  t.ok(messages.length > 1);
  messages.forEach((message, index) => {
    t.ok(message.text.length <= TELEGRAM_MESSAGE_LIMIT);
    t.ok(message.text.startsWith(`<b>Header</b> (${index + 1}/${messages.length})\n\n`), 'header with its place');
    t.doesNotThrow(() => parseTelegramHtml(message.text));
  });
  const ids = blocks.map((b) => b.recordIds[0]);
  t.same(shownIds(messages.map((message) => message.text)), ids, 'every block once, in order');
  t.same(messages.flatMap((message) => message.recordIds), ids, 'record ids follow the blocks');
});

t.test('a block longer than a message fills messages of its own, the next block goes on after it', async (t) => {
  const blocks = [block('id-1', 'short'), block('id-2', 'long text '.repeat(1000)), block('id-3', 'after')];
  const messages = packMessages(blocks, header);
  t.ok(messages.length >= 4);
  for (const message of messages) {
    t.ok(message.text.length <= TELEGRAM_MESSAGE_LIMIT);
    parseTelegramHtml(message.text);
  }
  t.same(messages[0]?.recordIds, ['id-1']);
  t.ok(messages.slice(1).every((message) => message.recordIds.includes('id-2')), 'each piece is bound to its record');
  t.same(messages.at(-1)?.recordIds, ['id-2', 'id-3']);
  const body = messages.map((message) => visibleText(message.text).replace(/^Header \(\d+\/\d+\)\n\n/, '')).join(' ');
  t.equal(body.replace(/\s+/g, ' '), visibleText(blocks.map((b) => b.html).join('\n\n')).replace(/\s+/g, ' '), 'all its text, in order');
});

t.test('section headings open each section and are repeated where a message breaks one', async (t) => {
  const blocks = Array.from({ length: 300 }, (_, i) =>
    block(`id-${i}`, 'line '.repeat(10), { separator: '\n', heading: `<b>${i < 200 ? 'Alpha' : 'Beta'}</b>` }),
  );
  const messages = packMessages(blocks, header);
  t.ok(messages.length > 2);
  for (const message of messages) {
    const lines = message.text.split('\n');
    t.match(lines[2], /^<b>(Alpha|Beta)<\/b>$/, 'a message continues under its section heading');
    t.ok(message.text.length <= TELEGRAM_MESSAGE_LIMIT);
  }
  const all = messages.map((message) => message.text).join('\n');
  t.equal(all.match(/<b>Beta<\/b>/g)?.length, messages.filter((message) => message.text.includes('Beta')).length, 'Beta once per message it appears in');
  t.match(all, /line \n\n<b>Beta<\/b>\n<b>id-200<\/b>/, 'a blank line before a new section');
});

t.test('no message has more tags than the 100 entities Telegram applies', async (t) => {
  const tagged = (i: number): MessageBlock => ({ html: `<b>id-${i}</b> <i>a</i> <code>b</code> <u>c</u>`, recordIds: [`id-${i}`], separator: '\n' });
  const messages = packMessages(Array.from({ length: 100 }, (_, i) => tagged(i)), header);
  t.ok(messages.length >= 5, `${messages.length} messages`);
  for (const message of messages) t.ok((message.text.match(/<[a-z]/g) ?? []).length <= TELEGRAM_ENTITY_LIMIT);
  t.equal(messages.flatMap((message) => message.recordIds).length, 100);
  const crowded: MessageBlock = { html: '<b>x</b>'.repeat(150), recordIds: ['crowded'], separator: '\n' };
  t.same(packMessages([crowded], header).map((message) => message.recordIds), [['crowded']], 'a block over the limit alone still goes out');
});

t.test('an oversized header is cut so that alerts still have room', async (t) => {
  const long = (): string => `<i>${'h'.repeat(5000)}</i>`;
  const messages = packMessages([block('id-1', 'x'.repeat(3000))], long);
  t.equal(messages.length, 1);
  const [first] = messages;
  t.ok(first && first.text.length <= TELEGRAM_MESSAGE_LIMIT);
  t.ok(first?.text.indexOf('\n\n') !== undefined && (first?.text.indexOf('\n\n') ?? 0) <= HEADER_LIMIT);
  parseTelegramHtml(first?.text ?? '');
});

t.test('headers whose length grows with the count still fit: the layout settles on the count it makes', async (t) => {
  const growing = (part: MessagePart): string => `${'#'.repeat(part.count * 40)} ${part.index}/${part.count}`;
  const blocks = Array.from({ length: 60 }, (_, i) => block(`id-${i}`, 'y'.repeat(400)));
  const messages = packMessages(blocks, growing);
  messages.forEach((message, index) => {
    t.ok(message.text.length <= TELEGRAM_MESSAGE_LIMIT);
    t.ok(message.text.includes(` ${index + 1}/${messages.length}\n\n`));
  });
  t.same(shownIds(messages.map((message) => message.text)), blocks.map((b) => b.recordIds[0]));
});

t.test('property: random blocks and limits: every message fits and is balanced, every block shown once in order', async (t) => {
  const blockArbitrary = fc.record({
    text: fc.oneof(fc.string({ maxLength: 100 }), fc.nat({ max: 3000 }).map((n) => 'w '.repeat(n))),
    heading: fc.option(fc.constantFrom('<b>A</b>', '<i>B &amp; C</i>'), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(blockArbitrary, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1500, max: TELEGRAM_MESSAGE_LIMIT }), (specs, limit) => {
      const blocks = specs.map((spec, i) => block(`id-${i}`, spec.text, spec.heading === undefined ? {} : { heading: spec.heading }));
      const messages = packMessages(blocks, header, limit);
      for (const message of messages) {
        if (message.text.length > limit) throw new Error(`${message.text.length} > ${limit}`);
        parseTelegramHtml(message.text);
      }
      const shown = shownIds(messages.map((message) => message.text));
      const deduplicated = shown.filter((id, i) => shown[i - 1] !== id);
      if (JSON.stringify(deduplicated) !== JSON.stringify(blocks.map((b) => b.recordIds[0]))) throw new Error(`blocks out of order: ${deduplicated}`);
    }),
    { numRuns: 150 },
  );
  t.pass('150 random layouts');
});
