import fc from 'fast-check';
import Handlebars from 'handlebars';
import t from 'tap';
import { escapeHtml } from '../../../../src/notify/telegram/render/index.js';
import { HOSTILE_VALUES } from './alerts.js';
import { parseTelegramHtml, visibleText } from './telegram-html-checker.js';

t.test('each hostile value shows exactly as it is, as text and in an attribute', async (t) => {
  for (const value of HOSTILE_VALUES) {
    const escaped = escapeHtml(value);
    t.equal(visibleText(escaped), value, JSON.stringify(value));
    t.notMatch(escaped, /[<>"]/, `no raw < > " in ${JSON.stringify(escaped)}`);
    const link = parseTelegramHtml(`<a href="${escapeHtml(`http://x/?q=${value}`)}">${escaped}</a>`).links[0];
    t.same(link, { href: `http://x/?q=${value}`, text: value });
  }
});

t.test('is the escaping of Handlebars {{ }}, with entities Telegram knows', async (t) => {
  const render = Handlebars.compile('{{value}}');
  for (const value of HOSTILE_VALUES) t.equal(escapeHtml(value), render({ value }));
  t.equal(escapeHtml(`&<>"'\`=`), '&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;');
});

t.test('any text survives escaping and Telegram-style unescaping', async (t) => {
  const unit = fc.oneof(
    fc.constantFrom('<', '>', '&', '"', "'", '`', '=', ';', '#', 'x', '&amp;', '&lt;', '&#x27;', '*', '_', '[', ']', '\n', ' ', '🔥', '👨‍👩‍👧'),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  );
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 40 }).map((parts) => parts.join('')), (value) => visibleText(escapeHtml(value)) === value),
    { numRuns: 500 },
  );
  t.pass('500 random values');
});
