import fc from 'fast-check';
import t, { type Test } from 'tap';
import { escapeHtml } from '../../../../src/notify/telegram/render/escape.js';
import { MIN_SPLIT_LIMIT, splitTelegramHtml, truncateTelegramHtml } from '../../../../src/notify/telegram/render/html-split.js';
import { telegramHtmlProblem } from '../../../../src/notify/telegram/render/telegram-html.js';
import { parseTelegramHtml, styledCharacters, visibleText } from './telegram-html-checker.js';

function checkPieces(t: Test, html: string, pieces: readonly string[], limit: number): void {
  for (const piece of pieces) {
    t.ok(piece.length <= limit, `piece of ${piece.length} units fits ${limit}`);
    t.doesNotThrow(() => parseTelegramHtml(piece), 'piece is balanced Telegram HTML');
  }
  t.same(pieces.flatMap(styledCharacters), styledCharacters(html), 'same text under the same tags');
}

t.test('HTML that fits comes back whole', async (t) => {
  t.same(splitTelegramHtml('<b>short</b>', 200), ['<b>short</b>']);
});

t.test('a 10,000-character description is cut inside its text, its tags closed and reopened', async (t) => {
  const description = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ').slice(0, 10_000);
  const html = `<b>HostDown</b>\n<blockquote expandable>${escapeHtml(description)} &amp; <i>end</i></blockquote>`;
  const pieces = splitTelegramHtml(html, 3000);
  t.ok(pieces.length >= 4);
  checkPieces(t, html, pieces, 3000);
  for (const piece of pieces.slice(1)) t.ok(piece.startsWith('<blockquote expandable>'), 'reopens the quote');
  for (const piece of pieces.slice(0, -1)) {
    t.ok(piece.endsWith('</blockquote>'), 'closes the quote');
    t.match(visibleText(piece), /\s$/, 'cut after a space');
  }
});

t.test('never cuts an entity or a grapheme', async (t) => {
  const family = '👨‍👩‍👧';
  const html = `<i>${'&amp;&#x27;'.repeat(200)}${family.repeat(200)}</i>`;
  const pieces = splitTelegramHtml(html, 130);
  checkPieces(t, html, pieces, 130);
  for (const piece of pieces) {
    const text = visibleText(piece);
    t.ok(/^(?:&')*(?:👨‍👩‍👧)*$/u.test(text), `whole characters: ${JSON.stringify(text.slice(0, 12))}`);
  }
});

t.test('a grapheme of hundreds of combining marks is cut by code point', async (t) => {
  const html = `a${'\u0301'.repeat(500)}`;
  const pieces = splitTelegramHtml(html, 128);
  checkPieces(t, html, pieces, 128);
});

t.test('tags too long to repeat in every piece are dropped, their text kept', async (t) => {
  const html = `<a href="http://x.example/${'p'.repeat(2500)}">${'text '.repeat(1000)}</a>`;
  const pieces = splitTelegramHtml(html, 4000);
  t.same(pieces.map(visibleText).join(''), visibleText(html));
  for (const piece of pieces) {
    t.ok(piece.length <= 4000);
    t.notMatch(piece, /</, 'no tags');
  }
});

t.test('refuses limits too small to hold tags and text, and invalid HTML', async (t) => {
  t.throws(() => splitTelegramHtml('x'.repeat(500), MIN_SPLIT_LIMIT - 1), RangeError);
  t.throws(() => splitTelegramHtml('<b>x'.repeat(100), 200), /never closed/);
});

t.test('truncation keeps a balanced head and marks the cut', async (t) => {
  const html = `<b>${'x'.repeat(300)}</b> tail`;
  const cut = truncateTelegramHtml(html, 200);
  t.ok(cut.length <= 200);
  t.ok(cut.endsWith('</b>…'));
  t.equal(telegramHtmlProblem(cut), undefined);
  t.equal(truncateTelegramHtml('<b>ok</b>', 200), '<b>ok</b>');
});

// Random Telegram HTML: trees of the tags Telegram knows, with hostile and long text, made valid by
// dropping the tags Telegram would not allow where they fall.
type Tree = { text: string } | { tag: string; children: Tree[] };
const TAGS = ['b', 'i', 'u', 's', 'code', 'blockquote', 'a', 'tg-spoiler', 'span', 'pre'];
const OPEN: Record<string, string> = { a: '<a href="https://x.example/?a=1&amp;b=2">', span: '<span class="tg-spoiler">', blockquote: '<blockquote expandable>' };

function renderTree(tree: Tree, outer: readonly string[]): string {
  if ('text' in tree) return escapeHtml(tree.text);
  const allowed =
    !outer.includes('code') &&
    !outer.includes('pre') &&
    !(outer.includes('a') && ['a', 'code', 'pre', 'blockquote'].includes(tree.tag)) &&
    !(outer.includes('blockquote') && tree.tag === 'blockquote');
  const inner = allowed ? [...outer, tree.tag] : outer;
  const children = tree.children.map((child) => renderTree(child, inner)).join('');
  return allowed ? `${OPEN[tree.tag] ?? `<${tree.tag}>`}${children}</${tree.tag}>` : children;
}

/** What the open tags cost at the deepest point, opening and closing them. */
function deepestTagCost(html: string): number {
  const costs: number[] = [];
  let deepest = 0;
  for (const [tag, close, name = ''] of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (close) costs.pop();
    else costs.push(tag.length + name.length + 3);
    deepest = Math.max(deepest, costs.reduce((sum, cost) => sum + cost, 0));
  }
  return deepest;
}

const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '<', '>', '&', '"', "'", '🔥', '👨‍👩‍👧', 'é', '&amp;') , maxLength: 60 }),
  fc.nat({ max: 300 }).map((length) => 'long words '.repeat(length).slice(0, length * 7)),
);
const { tree } = fc.letrec<{ tree: Tree }>((node) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map((value) => ({ text: value })),
    fc.record({ tag: fc.constantFrom(...TAGS), children: fc.array(node('tree'), { maxLength: 4 }) }),
  ),
}));

t.test('property: any balanced HTML, any limit: pieces fit, are balanced, and keep every character and its formatting', async (t) => {
  fc.assert(
    fc.property(fc.array(tree, { minLength: 1, maxLength: 6 }), fc.integer({ min: MIN_SPLIT_LIMIT, max: 700 }), (trees, limit) => {
      const html = trees.map((node) => renderTree(node, [])).join('\n');
      const pieces = splitTelegramHtml(html, limit);
      for (const piece of pieces) {
        if (piece.length > limit) throw new Error(`piece of ${piece.length} > ${limit}`);
        if (telegramHtmlProblem(piece) !== undefined) throw new Error(`${telegramHtmlProblem(piece)}: ${piece}`);
        parseTelegramHtml(piece);
      }
      const kept = JSON.stringify(pieces.flatMap(styledCharacters)) === JSON.stringify(styledCharacters(html));
      // The one allowed loss: tags that would take half of every piece are dropped, text kept.
      const plain = deepestTagCost(html) * 2 > limit && pieces.every((piece) => !piece.includes('<'));
      if (!kept && !(plain && pieces.map(visibleText).join('') === visibleText(html))) throw new Error('text or formatting changed');
    }),
    { numRuns: 300 },
  );
  t.pass('300 random documents');
});
