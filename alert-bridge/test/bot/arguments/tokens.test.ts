import fc from 'fast-check';
import t from 'tap';
import { isQuoted, tokenize, tokenValue, unescape } from '../../../src/bot/arguments/tokens.js';

const raws = (text: string): string[] => {
  const result = tokenize(text);
  if (!result.ok) throw new Error(result.reason);
  return result.tokens.map((token) => token.raw);
};

t.test('whitespace separates tokens except inside double quotes', async (t) => {
  t.same(raws(''), []);
  t.same(raws('   '), []);
  t.same(raws(' a  b\tc\n'), ['a', 'b', 'c']);
  t.same(raws('instance=~"web 1" 30m "rolling restart"'), ['instance=~"web 1"', '30m', '"rolling restart"']);
  t.same(raws('a="say \\"hi there\\"" b'), ['a="say \\"hi there\\""', 'b'], 'an escaped quote does not close');
  t.same(raws('a=x\u00A0b'), ['a=x', 'b'], 'a no-break space separates too');
});

t.test('curly quotes from phones count as double quotes', async (t) => {
  t.same(raws('2h \u201Crolling restart\u201D'), ['2h', '"rolling restart"']);
});

t.test('offsets point into the text', async (t) => {
  const result = tokenize('  ab "c d"  e');
  t.ok(result.ok);
  if (!result.ok) return;
  for (const token of result.tokens) t.equal(result.text.slice(token.start, token.end), token.raw);
});

t.test('an unclosed quote is the one failure', async (t) => {
  for (const text of ['"open', 'a="x', 'a="x\\"', 'a "b" "c']) {
    const result = tokenize(text);
    t.equal(result.ok, false, text);
    if (!result.ok) t.match(result.reason, /double quote is not closed/);
  }
});

t.test('unescaping follows Alertmanager: \\" \\\\ \\n, other backslashes stay', async (t) => {
  t.equal(unescape('say \\"hi\\"'), 'say "hi"');
  t.equal(unescape('a\\\\b'), 'a\\b');
  t.equal(unescape('line\\nbreak'), 'line\nbreak');
  t.equal(unescape('web\\d+\\.example'), 'web\\d+\\.example');
  t.equal(unescape('trailing\\'), 'trailing\\');
});

t.test('quoted tokens', async (t) => {
  t.ok(isQuoted('"a b"'));
  t.ok(isQuoted('""'));
  t.ok(isQuoted('"a\\"b"'));
  t.notOk(isQuoted('"a" "b"'));
  t.notOk(isQuoted('a="b"'));
  t.notOk(isQuoted('"'));
  t.notOk(isQuoted('"a\\"'));
  t.equal(tokenValue('"a \\"b\\""'), 'a "b"');
  t.equal(tokenValue('plain'), 'plain');
});

t.test('property: any words, quoted with escapes, come back as themselves', async (t) => {
  const word = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }).filter((w) => !/[\u201C-\u201F\u2033]/.test(w));
  const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        const result = tokenize(words.map(quote).join(' '));
        return result.ok && JSON.stringify(result.tokens.map((token) => tokenValue(token.raw))) === JSON.stringify(words);
      }),
    ),
  );
});

t.test('property: tokenizing never throws, and no token starts or ends with whitespace', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const result = tokenize(text);
        return !result.ok || result.tokens.every((token) => token.raw.length > 0 && !/^\s|\s$/.test(token.raw));
      }),
    ),
  );
});
