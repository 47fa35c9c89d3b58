import t from 'tap';
import { telegramHtmlProblem, tokenizeTelegramHtml } from '../../../../src/notify/telegram/render/telegram-html.js';

t.test('takes every tag Telegram knows, entities, and the nesting Telegram allows', async (t) => {
  const good = [
    'plain text 🔥 with > and " and \'',
    '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>i</ins><s>s</s><strike>s</strike><del>d</del>',
    '<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>',
    '<a href="https://x.example/?a=1&amp;b=&#x3D;2">link <b>bold</b></a>',
    '<code>x &lt; y</code><pre>block</pre><pre><code class="language-go">go</code></pre>',
    '<blockquote>q</blockquote><blockquote expandable>long</blockquote>',
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    '&lt;&gt;&amp;&quot;&#39;&#x27;&#128293;',
    '<B>upper-case tags</B>',
  ];
  for (const html of good) t.equal(telegramHtmlProblem(html), undefined, html);
});

t.test('names the problem and where it is', async (t) => {
  const bad: [string, RegExp][] = [
    ['a < b', /'<' that starts no tag .* at offset 2/],
    ['<div>x</div>', /unsupported tag <div> at offset 0/],
    ['<b>open', /<b> is never closed/],
    ['x</b>', /<\/b> without an open tag at offset 1/],
    ['<b><i>x</b></i>', /<\/b> closes <i> at offset 7/],
    ['a & b', /'&' that starts no entity .* at offset 2/],
    ['&nbsp;', /'&' that starts no entity/],
    ['&#0;', /'&' that starts no entity/],
    ['&#X41;', /'&' that starts no entity/],
    ['&#xD800;', /'&' that starts no entity/],
    ['<a>x</a>', /<a> without href/],
    ['<a href="x&y">x</a>', /'&' in an attribute value/],
    ['<span>x</span>', /<span> other than class="tg-spoiler"/],
    ['<code><b>x</b></code>', /<b> inside <code>/],
    ['<a href="http://x"><a href="http://y">x</a></a>', /<a> inside <a>/],
    ['<blockquote><blockquote>x</blockquote></blockquote>', /<blockquote> inside <blockquote>/],
    ['<pre><b>x</b></pre>', /<b> inside <pre>/],
  ];
  for (const [html, problem] of bad) t.match(telegramHtmlProblem(html), problem, html);
});

t.test('tokens keep text, entities and tags as written', async (t) => {
  t.same(tokenizeTelegramHtml('a &amp; <b class="x">b</b>'), [
    { kind: 'text', raw: 'a &amp; ' },
    { kind: 'open', name: 'b', raw: '<b class="x">' },
    { kind: 'text', raw: 'b' },
    { kind: 'close', name: 'b', raw: '</b>' },
  ]);
});
