import {
  Api,
  longPoll,
  NetworkError,
  TelegramApiError,
  TimeoutError,
  type CallbackQuery,
  type Message,
  type TransportOptions,
  type Update,
} from 'node-telegram-bot-api';
import t, { type Test } from 'tap';
import { parseTelegramHtml, startFakeBotApi, type FakeBotApi, type FakeBotApiOptions } from './helpers/telegram-bot-api.js';
import { FloodControl, DEFAULT_RATE_LIMITS } from './helpers/telegram-bot-api/rate-limits.js';

// The fake Bot API driven by the library the bridge uses, node-telegram-bot-api 2.x: what it answers,
// what it stores, the faults it plays and the flood limits it enforces.

const TOKEN = '123456789:AAHfake-Secret_token';
const KEYBOARD = { inline_keyboard: [[{ text: 'Acknowledge', callback_data: 'ack:disk-full' }]] };

async function start(t: Test, options: Partial<FakeBotApiOptions> = {}): Promise<FakeBotApi> {
  const fake = await startFakeBotApi({ token: TOKEN, ...options });
  t.teardown(() => fake.close());
  return fake;
}

const client = (fake: FakeBotApi, options: TransportOptions = {}): Api => new Api(TOKEN, { apiRoot: fake.apiRoot, ...options });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The TelegramApiError a call fails with, as { errorCode, description, retryAfter }. */
async function refusal(t: Test, promise: Promise<unknown>) {
  const error = await failure(promise);
  t.type(error, TelegramApiError);
  const { errorCode, description, retryAfter } = error as TelegramApiError;
  return { errorCode, description, retryAfter };
}

const messageOf = (update: Update | undefined): Message | undefined =>
  update && 'message' in update ? update.message : update && 'edited_message' in update ? update.edited_message : undefined;
/** Edits of chat messages answer the Message; `true` is for inline messages. */
const asMessage = (result: Message | boolean): Message => {
  if (typeof result === 'boolean') throw new Error('expected a Message, got a boolean');
  return result;
};
const callbackOf = (update: Update | undefined): CallbackQuery | undefined =>
  update && 'callback_query' in update ? update.callback_query : undefined;

t.test('parseTelegramHtml', async (t) => {
  t.same(parseTelegramHtml('<b>FIRING</b> disk &lt;90%&gt; on <a href="https://grafana.example/d?a=1&amp;b=2">web-1</a>'), {
    text: 'FIRING disk <90%> on web-1',
    entities: [
      { type: 'bold', offset: 0, length: 6 },
      { type: 'text_link', offset: 21, length: 5, url: 'https://grafana.example/d?a=1&b=2' },
    ],
  });
  const allowed =
    '<strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>' +
    '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><code>c</code><pre><code class="language-sh">ls</code></pre>' +
    '<blockquote>b</blockquote><blockquote expandable>x</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>';
  const parsed = parseTelegramHtml(allowed);
  t.equal('text' in parsed && parsed.text, 'sieunskdpqclsbx👍', 'every tag Telegram allows is accepted and stripped');
  t.same(
    'entities' in parsed && parsed.entities.map((e) => e.type),
    ['bold', 'italic', 'italic', 'underline', 'underline', 'strikethrough', 'strikethrough', 'strikethrough', 'spoiler', 'spoiler', 'code', 'pre', 'blockquote', 'expandable_blockquote', 'custom_emoji'],
  );
  t.same(parseTelegramHtml('&#65;&#x42;&quot;&amp;amp;'), { text: 'AB"&amp;', entities: [] }, 'numeric and the four named entities');
  t.same(parseTelegramHtml('R&D & co'), { text: 'R&D & co', entities: [] }, 'a bare & stays text, as in Telegram');

  const errors: [string, string][] = [
    ['<blink>x</blink>', 'Unsupported start tag "blink" at byte offset 0'],
    ['load 1 < 2', 'Unsupported start tag "" at byte offset 7'],
    ['<b>open', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b><i>x</b></i>', 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['é<b', 'Unclosed start tag at byte offset 2'],
    ['a&nbsp;b', 'Unsupported HTML entity "&nbsp;" at byte offset 1'],
    ['<span class="bold">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['<a href=x y>z</a>', 'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0'],
  ];
  for (const [html, error] of errors) t.same(parseTelegramHtml(html), { error }, html);
});

t.test("parseTelegramHtml agrees with tdlib's own parse_html tests (test/message_entities.cpp)", async (t) => {
  const errors: [string, string][] = [
    ['🏟 🏟&lt;<abacaba', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;<abac aba>', 'Unsupported start tag "abac" at byte offset 13'],
    ['🏟 🏟&lt;<i   =aba>', 'Empty attribute name in the tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba>', 'Expected equal sign in declaration of an attribute of the tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  ', 'Unclosed start tag "i" at byte offset 13'],
    ['🏟 🏟&lt;<i    aba  =  190azAz-.,', 'Unexpected end of name token at byte offset 27'],
    ['🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>', 'Unclosed start tag at byte offset 13'],
    ['🏟 🏟&lt;</', 'Unexpected end tag at byte offset 13'],
    ['🏟 🏟&lt;<b></b></', 'Unexpected end tag at byte offset 20'],
    ['🏟 🏟&lt;<i>a</i   ', 'Unclosed end tag at byte offset 17'],
    ['🏟 🏟&lt;<i>a</em   >', 'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"'],
    ['&#57311;', 'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units'],
  ];
  for (const [html, error] of errors) t.same(parseTelegramHtml(html), { error }, html);

  type Expected = [type: string, offset: number, length: number, extra?: Record<string, string>];
  const parsed: [string, string, Expected[]][] = [
    ['&lt;&gt;&amp;&quot;&#12345678;', '<>&"&#12345678;', []],
    ['🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>', '🏟 🏟🏟 ><🏟', [['italic', 5, 7], ['bold', 9, 3]]],
    ['🏟 🏟&lt;<i    aba  =  190azAz-.   >a</i>', '🏟 🏟<a', [['italic', 6, 1]]],
    ['🏟 🏟&lt;<i>🏟 🏟&lt;</>', '🏟 🏟<🏟 🏟<', [['italic', 6, 6]]],
    ['🏟 🏟&lt;<b></b>', '🏟 🏟<', []],
    ['<i>\t</i>', '\t', [['italic', 0, 1]]],
    ['<a href=telegram.org>\t</a>', '\t', [['text_link', 0, 1, { url: 'http://telegram.org/' }]]],
    ["<a   href=  'telegram.org?&lt;'   > </a>", ' ', [['text_link', 0, 1, { url: 'http://telegram.org/?<' }]]],
    ['<a> </a>', ' ', []],
    ['<a>telegram.org </a>', 'telegram.org ', []],
    ['<a>telegram.org</a>', 'telegram.org', [['text_link', 0, 12, { url: 'http://telegram.org/' }]]],
    ['<a>https://telegram.org/asdsa?asdasdwe#12e3we</a>', 'https://telegram.org/asdsa?asdasdwe#12e3we', [['text_link', 0, 42, { url: 'https://telegram.org/asdsa?asdasdwe#12e3we' }]]],
    ['🏟 🏟&lt;<pre><code>🏟 🏟&lt;</code></>', '🏟 🏟<🏟 🏟<', [['pre', 6, 6], ['code', 6, 6]]],
    ['🏟 🏟&lt;<pre><code class="language-fift">🏟 🏟&lt;</></>', '🏟 🏟<🏟 🏟<', [['pre', 6, 6, { language: 'fift' }]]],
    ['🏟 🏟&lt;<code class="language-fift"><pre>🏟 🏟&lt;</></>', '🏟 🏟<🏟 🏟<', [['pre', 6, 6, { language: 'fift' }]]],
    ['🏟 🏟&lt;<pre><code class="language-fift">🏟 🏟&lt;</> </>', '🏟 🏟<🏟 🏟< ', [['pre', 6, 7], ['code', 6, 6]]],
    [
      '<code><i><b> </b></i></code><i><b><code> </code></b></i>',
      '  ',
      [['code', 0, 1], ['bold', 0, 1], ['italic', 0, 1], ['code', 1, 1], ['bold', 1, 1], ['italic', 1, 1]],
    ],
  ];
  for (const [html, text, entities] of parsed) {
    const expected = entities.map(([type, offset, length, extra]) => ({ type, offset, length, ...extra }));
    t.same(parseTelegramHtml(html), { text, entities: expected }, JSON.stringify(html));
  }
});

t.test('getMe, a wrong token, an unknown method', async (t) => {
  const fake = await start(t);
  const me = await client(fake).getMe();
  t.same(me, fake.bot);
  t.match(me, { id: 123456789, is_bot: true, username: 'HostwatchBot' });

  const wrongToken = new Api('123456789:AAHsomeone-else', { apiRoot: fake.apiRoot, maxRetries: 0 });
  t.same(await refusal(t, wrongToken.getMe()), { errorCode: 401, description: 'Unauthorized', retryAfter: undefined });
  t.same(await refusal(t, client(fake).getWebhookInfo()), { errorCode: 404, description: 'Not Found', retryAfter: undefined });

  const raw = await fetch(`${fake.apiRoot}/bot${TOKEN}/noSuchMethod`, { method: 'POST' });
  t.equal(raw.status, 404);
  t.equal(await raw.text(), '{"ok":false,"error_code":404,"description":"Not Found"}');
  t.same(
    fake.requests().map((r) => [r.method, r.status]),
    [['getMe', 200], ['getMe', 401], ['getWebhookInfo', 404], ['noSuchMethod', 404]],
    'every request is logged by method with its answer',
  );
});

t.test('sendMessage: stores the message and answers a realistic Message', async (t) => {
  const fake = await start(t);
  const api = client(fake);
  const first = await api.sendMessage({ chat_id: 42, text: '<b>FIRING</b> DiskFull on <code>web-1</code>', parse_mode: 'HTML', reply_markup: KEYBOARD });
  t.match(first, {
    message_id: 1,
    from: { id: 123456789, is_bot: true },
    chat: { id: 42, type: 'private' },
    text: 'FIRING DiskFull on web-1',
    entities: [{ type: 'bold', offset: 0, length: 6 }, { type: 'code', offset: 19, length: 5 }],
    reply_markup: KEYBOARD,
  });
  t.ok(Math.abs(first.date - Date.now() / 1000) < 60, 'date is a unix time in seconds');
  const second = await api.sendMessage({ chat_id: 42, text: '  plain text, no parse mode <b>  ' });
  const group = await api.sendMessage({ chat_id: -1001234567890, message_thread_id: 7, text: 'to the ops topic' });
  t.equal(second.message_id, 2, 'message ids count up per chat');
  t.equal(second.text, 'plain text, no parse mode <b>', 'whitespace around the text is trimmed; without parse_mode tags are text');
  t.match(group, { message_id: 1, chat: { id: -1001234567890, type: 'supergroup' }, message_thread_id: 7 });

  const stored = fake.messages(42);
  t.match(stored, [
    { chatId: 42, messageId: 1, html: '<b>FIRING</b> DiskFull on <code>web-1</code>', text: 'FIRING DiskFull on web-1', replyMarkup: KEYBOARD, history: [] },
    { chatId: 42, messageId: 2, text: 'plain text, no parse mode <b>' },
  ]);
  t.type(stored[0]?.at, Date);
  t.match(fake.messages(-1001234567890), [{ messageThreadId: 7, text: 'to the ops topic' }]);
  t.equal(fake.messages().length, 3);
  t.equal(fake.requests('sendMessage')[0]?.params.chat_id, '42', 'the library sends a urlencoded form, read as such');
});

t.test('sendMessage: Telegram refuses bad HTML, empty and too long text', async (t) => {
  const fake = await start(t, { limits: false });
  const api = client(fake, { maxRetries: 0 });
  const send = (text: string, parse_mode = 'HTML') => refusal(t, api.sendMessage({ chat_id: 42, text, parse_mode }));

  t.same(await send('disk <90% full'), {
    errorCode: 400,
    description: 'Bad Request: can\'t parse entities: Unsupported start tag "90%" at byte offset 5',
    retryAfter: undefined,
  });
  t.match(await send('<b>unclosed'), { errorCode: 400, description: 'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"' });
  t.match(await send('<b><i>x</b></i>'), { description: /^Bad Request: can't parse entities: Unmatched end tag at byte offset 7/ });
  t.match(await send('<div>x</div>'), { description: 'Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 0' });
  t.match(await send('50&percnt;'), { description: /^Bad Request: can't parse entities: Unsupported HTML entity "&percnt;"/ });
  t.match(await send(''), { errorCode: 400, description: 'Bad Request: message text is empty' });
  t.match(await send('<b> </b>'), { description: 'Bad Request: message text is empty' });
  t.match(await send('x'.repeat(4097), ''), { errorCode: 400, description: 'Bad Request: message is too long' });
  t.match(await send('😀'.repeat(2049), ''), { description: 'Bad Request: message is too long' }, 'length counts UTF-16 units');
  t.match(await send('&lt;'.repeat(4097)), { description: 'Bad Request: message is too long' }, 'an entity counts as one character');
  const tooMuchData = { inline_keyboard: [[{ text: 'Ack', callback_data: 'x'.repeat(65) }]] };
  t.match(await refusal(t, api.sendMessage({ chat_id: 42, text: 'x', reply_markup: tooMuchData })), { description: 'Bad Request: BUTTON_DATA_INVALID' });
  t.equal(fake.messages().length, 0, 'nothing refused is stored');

  await api.sendMessage({ chat_id: 42, text: 'x'.repeat(4096) });
  await api.sendMessage({ chat_id: 42, text: `<b>${'x'.repeat(4096)}</b>`, parse_mode: 'HTML' });
  t.same(fake.messages(42).map((m) => m.text.length), [4096, 4096], 'the limit applies to the visible text, not the markup');
});

t.test('other request encodings: JSON, GET query string, multipart', async (t) => {
  const fake = await start(t, { limits: false });
  const url = `${fake.apiRoot}/bot${TOKEN}/sendMessage`;
  const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: 5, text: '<i>json</i>', parse_mode: 'HTML', reply_markup: KEYBOARD }) });
  t.match(await json.json(), { ok: true, result: { text: 'json', reply_markup: KEYBOARD } });
  const get = await fetch(`${url}?chat_id=5&text=query`);
  t.match(await get.json(), { ok: true, result: { message_id: 2, text: 'query' } });
  const form = new FormData();
  form.set('chat_id', '5');
  form.set('text', 'multipart');
  t.match(await (await fetch(url, { method: 'POST', body: form })).json(), { ok: true, result: { message_id: 3, text: 'multipart' } });
  const noChat = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' });
  t.same(await noChat.json(), { ok: false, error_code: 400, description: 'Bad Request: chat_id is empty' });
});

t.test('editMessageText and editMessageReplyMarkup', async (t) => {
  const fake = await start(t, { limits: false });
  const api = client(fake, { maxRetries: 0 });
  const sent = await api.sendMessage({ chat_id: 42, text: '<b>FIRING</b> DiskFull', parse_mode: 'HTML', reply_markup: KEYBOARD });
  const withButton = asMessage(await api.editMessageText({ chat_id: 42, message_id: sent.message_id, text: '<b>FIRING</b> DiskFull (acked by ana)', parse_mode: 'HTML', reply_markup: KEYBOARD }));
  t.match(withButton, { message_id: 1, text: 'FIRING DiskFull (acked by ana)', reply_markup: KEYBOARD });
  t.type(withButton.edit_date, 'number');
  const resolved = asMessage(await api.editMessageText({ chat_id: 42, message_id: sent.message_id, text: '<b>RESOLVED</b> DiskFull', parse_mode: 'HTML' }));
  t.equal(resolved.reply_markup, undefined, 'an edit without reply_markup removes the keyboard, as in Telegram');

  const [stored] = fake.messages(42);
  t.match(stored, { messageId: 1, text: 'RESOLVED DiskFull', html: '<b>RESOLVED</b> DiskFull', replyMarkup: undefined });
  t.same(stored?.history.map((v) => v.text), ['FIRING DiskFull', 'FIRING DiskFull (acked by ana)'], 'earlier versions are kept');
  t.type(stored?.editedAt, Date);

  const edit = (message_id: number, text: string) => refusal(t, api.editMessageText({ chat_id: 42, message_id, text, parse_mode: 'HTML' }));
  t.match(await edit(1, '<b>RESOLVED</b> DiskFull '), { errorCode: 400, description: /^Bad Request: message is not modified/ }, 'same visible text and markup');
  t.match(await edit(99, 'x'), { errorCode: 400, description: 'Bad Request: message to edit not found' });
  t.match(await edit(1, '<b>x'), { description: /^Bad Request: can't parse entities/ });

  await api.editMessageReplyMarkup({ chat_id: 42, message_id: 1, reply_markup: KEYBOARD });
  t.match(fake.messages(42)[0], { text: 'RESOLVED DiskFull', replyMarkup: KEYBOARD });
  t.equal(fake.messages(42)[0]?.history.length, 3);
});

t.test('getUpdates: offsets confirm updates, limit, negative offset, allowed_updates, 409', async (t) => {
  const fake = await start(t);
  const api = client(fake, { maxRetries: 0 });
  const a = fake.sendUserMessage({ chatId: 42, fromId: 42, text: '/status@HostwatchBot web-1', username: 'ana' });
  const b = fake.sendUserMessage({ chatId: -1001234567890, fromId: 7, text: 'hi /silence 2h', messageThreadId: 3 });
  t.equal(b, a + 1, 'update ids count up');

  const [ua, ub] = await api.getUpdates({});
  t.same([ua?.update_id, ub?.update_id], [a, b]);
  t.match(messageOf(ua), {
    message_id: 1,
    from: { id: 42, is_bot: false, username: 'ana' },
    chat: { id: 42, type: 'private' },
    text: '/status@HostwatchBot web-1',
    entities: [{ type: 'bot_command', offset: 0, length: 20 }],
  });
  t.match(messageOf(ub), {
    chat: { type: 'supergroup', is_forum: true },
    message_thread_id: 3,
    is_topic_message: true,
    entities: [{ type: 'bot_command', offset: 3, length: 8 }],
  });
  t.same((await api.getUpdates({})).map((u) => u.update_id), [a, b], 'unconfirmed updates come again');
  t.same((await api.getUpdates({ offset: a + 1 })).map((u) => u.update_id), [b], 'offset confirms the earlier ones');
  t.same([fake.updateState(a), fake.updateState(b)], ['confirmed', 'pending']);
  await fake.waitForConfirmed(a);

  const c = fake.sendEditedMessage({ chatId: 42, fromId: 42, messageId: 1, text: '/status web-2' });
  t.same((await api.getUpdates({ offset: b, limit: 1 })).map((u) => u.update_id), [b], 'limit');
  t.same((await api.getUpdates({ offset: -1 })).map((u) => u.update_id), [c], 'a negative offset keeps the last updates');
  t.equal(fake.updateState(b), 'confirmed');
  t.match(messageOf((await api.getUpdates({}))[0]), { message_id: 1, text: '/status web-2', edit_date: Number });

  await api.getUpdates({ offset: c + 1, allowed_updates: ['callback_query'] });
  const dropped = fake.sendUserMessage({ chatId: 42, fromId: 42, text: 'not wanted' });
  t.equal(fake.updateState(dropped), 'dropped');
  await t.rejects(fake.waitForConfirmed(dropped), /dropped: allowed_updates \["callback_query"\] excludes message/);

  const polls = fake.requests('getUpdates').length;
  const held = api.getUpdates({ timeout: 30, allowed_updates: ['message'] });
  await fake.waitForRequests('getUpdates', polls + 1);
  const d = fake.sendUserMessage({ chatId: 42, fromId: 42, text: 'wake up' });
  t.same((await held).map((u) => u.update_id), [d], 'a held long poll is answered when an update arrives');

  const first = refusal(t, api.getUpdates({ offset: d + 1, timeout: 30 }));
  await fake.waitForRequests('getUpdates', polls + 2);
  await api.getUpdates({ offset: d + 1 });
  t.match(await first, { errorCode: 409, description: /^Conflict: terminated by other getUpdates request/ });
});

t.test('longPoll from the library: each update once, confirmed by its next poll', async (t) => {
  const fake = await start(t);
  const api = client(fake);
  const first = fake.sendUserMessage({ chatId: 42, fromId: 42, text: '/start' });
  const stop = new AbortController();
  const seen: number[] = [];
  const polling = (async () => {
    for await (const update of longPoll(api, { timeout: 5 }, stop.signal)) seen.push(update.update_id);
  })();
  await fake.waitForConfirmed(first);
  const second = fake.sendUserMessage({ chatId: 42, fromId: 42, text: '/alerts' });
  await fake.waitForConfirmed(second);
  stop.abort();
  await polling;
  t.same(seen, [first, second]);
});

t.test('a button press, answered once', async (t) => {
  const fake = await start(t);
  const api = client(fake, { maxRetries: 0 });
  const sent = await api.sendMessage({ chat_id: -1001234567890, text: 'DiskFull on web-1', reply_markup: KEYBOARD });
  t.throws(() => fake.pressButton({ chatId: -1001234567890, fromId: 7, messageId: sent.message_id, data: 'ack:other' }), /never had a button/);
  const id = fake.pressButton({ chatId: -1001234567890, fromId: 7, messageId: sent.message_id, data: 'ack:disk-full', username: 'ana' });
  const [update] = await api.getUpdates({});
  t.equal(update?.update_id, id);
  const query = callbackOf(update);
  t.match(query, {
    id: String,
    from: { id: 7, username: 'ana' },
    chat_instance: String,
    data: 'ack:disk-full',
    message: { message_id: sent.message_id, chat: { type: 'supergroup' }, reply_markup: KEYBOARD },
  });
  await api.answerCallbackQuery({ callback_query_id: query?.id ?? '', text: 'Acknowledged' });
  t.match(fake.callbackAnswers(), [{ callbackQueryId: query?.id, text: 'Acknowledged', showAlert: false, at: Date }]);
  t.match(await refusal(t, api.answerCallbackQuery({ callback_query_id: query?.id ?? '' })), {
    errorCode: 400,
    description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
  });
});

t.test('setMyCommands and getMyCommands by scope', async (t) => {
  const fake = await start(t);
  const api = client(fake, { maxRetries: 0 });
  const commands = [{ command: 'silence', description: 'Silence an alert' }];
  const groupCommands = [{ command: 'ack', description: 'Acknowledge' }];
  t.equal(await api.setMyCommands({ commands }), true);
  await api.setMyCommands({ commands: groupCommands, scope: { type: 'chat', chat_id: -100 } });
  t.same(await api.getMyCommands({}), commands);
  t.same(await api.getMyCommands({ scope: { type: 'chat', chat_id: -100 } }), groupCommands);
  t.same(await api.getMyCommands({ scope: { type: 'all_private_chats' } }), []);
  t.same(fake.commands(), commands);
  t.same(fake.commands({ type: 'chat', chat_id: -100 }), groupCommands);
  t.equal(fake.commands({ type: 'all_group_chats' }), undefined);
  t.match(await refusal(t, api.setMyCommands({ commands: [{ command: 'Silence', description: 'x' }] })), { description: 'Bad Request: BOT_COMMAND_INVALID' });
});

t.test('deleteWebhook with drop_pending_updates drops what is queued', async (t) => {
  const fake = await start(t);
  const id = fake.sendUserMessage({ chatId: 42, fromId: 42, text: 'old' });
  t.equal(await client(fake).deleteWebhook({ drop_pending_updates: true }), true);
  t.equal(fake.updateState(id), 'dropped');
  t.same(await client(fake).getUpdates({}), []);
});

t.test('too-many-requests fault: the library sees a TelegramApiError with retryAfter', async (t) => {
  const fake = await start(t, { limits: false });
  await fake.setFault({ kind: 'too-many-requests', retryAfter: 7 });
  const api = client(fake, { maxRetries: 0 });
  t.same(await refusal(t, api.sendMessage({ chat_id: 42, text: 'x' })), { errorCode: 429, description: 'Too Many Requests: retry after 7', retryAfter: 7 });
  t.same(await api.getUpdates({}), [], 'by default the fault hits sending methods only');
  t.equal(fake.messages().length, 0);
  t.equal(fake.rateLimitViolations().length, 0, 'an injected 429 is not a violation by the client');
});

t.test("the library's own 429 retry succeeds once the fault is cleared", async (t) => {
  const fake = await start(t, { limits: false });
  await fake.setFault({ kind: 'too-many-requests', retryAfter: 1 });
  const sending = client(fake).sendMessage({ chat_id: 42, text: 'after the flood wait' });
  await fake.waitForRequests('sendMessage', 1);
  await fake.clearFault();
  t.match(await sending, { text: 'after the flood wait' });
  t.same(fake.requests('sendMessage').map((r) => r.status), [429, 200]);
});

t.test('offline: connections refused, the library fails with NetworkError; back on the same port', async (t) => {
  const fake = await start(t);
  const api = client(fake, { maxRetries: 0 });
  await api.getMe();
  const held = api.getUpdates({ timeout: 30 });
  await fake.waitForRequests('getUpdates', 1);
  await fake.setFault({ kind: 'offline' });
  t.type(await failure(held), NetworkError, 'an open long poll is cut');
  t.type(await failure(api.getMe()), NetworkError);
  t.match(await failure(fetch(fake.apiRoot)), { cause: { code: 'ECONNREFUSED' } }, 'the port refuses connections');
  await fake.clearFault();
  t.equal((await api.getMe()).id, 123456789);
});

t.test('status, hang and failNext faults', async (t) => {
  const fake = await start(t, { limits: false });
  const api = client(fake, { maxRetries: 0, timeoutMs: 500 });

  await fake.setFault({ kind: 'status', status: 502 });
  const html = await failure(api.getMe());
  t.type(html, NetworkError, "nginx's HTML 502 page is no envelope");
  t.match(html, { message: 'Server error 502 on getMe' });
  await fake.setFault({ kind: 'status', status: 503, body: 'json' });
  t.same(await refusal(t, api.getMe()), { errorCode: 503, description: 'Service Unavailable', retryAfter: undefined });

  await fake.setFault({ kind: 'hang', methods: ['sendMessage'] });
  t.type(await failure(api.sendMessage({ chat_id: 42, text: 'lost' })), TimeoutError);
  t.equal(fake.messages().length, 0, 'a hung request is not processed');
  t.equal((await api.getMe()).id, 123456789, 'other methods still work');
  await fake.setFault({ kind: 'hang', afterProcessing: true });
  t.type(await failure(api.sendMessage({ chat_id: 42, text: 'sent, answer lost' })), TimeoutError);
  t.same(fake.messages().map((m) => m.text), ['sent, answer lost'], 'afterProcessing: the message went out, the answer did not');
  await fake.clearFault();

  const retrying = client(fake, { retryBackoffMs: 10 });
  fake.failNext(1, { kind: 'status', status: 500, body: 'json', methods: ['sendMessage'] });
  fake.failNext(1, { kind: 'offline', methods: ['sendMessage'] });
  t.match(await retrying.sendMessage({ chat_id: 42, text: 'third time lucky' }), { message_id: 2 });
  t.same(fake.requests('sendMessage').slice(-3).map((r) => r.status), [500, undefined, 200], 'a 500, a reset connection, then through');
  t.throws(() => fake.failNext(0, { kind: 'hang' }), /positive request count/);
  await t.rejects(fake.setFault({ kind: 'too-many-requests', retryAfter: 0.5 }), /whole seconds/);
});

t.test('flood limits: three messages at once into a chat break them', async (t) => {
  const fake = await start(t);
  const api = client(fake, { maxRetries: 0 });
  const results = await Promise.allSettled([1, 2, 3].map((n) => api.sendMessage({ chat_id: 42, text: `alert ${n}` })));
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as TelegramApiError] : []));
  const violations = fake.rateLimitViolations(42);
  t.ok(violations.length >= 1, 'at least one message over the per-chat limit');
  t.equal(refused.length, violations.length, 'each violation was answered 429');
  for (const error of refused) t.match(error, { errorCode: 429, description: /^Too Many Requests: retry after \d+$/, retryAfter: Number });
  t.match(violations[0], { chatId: 42, method: 'sendMessage', limit: 'chat', retryAfter: Number, at: Date });
  t.equal(fake.messages(42).length, 3 - refused.length, 'a refused message is not sent');
  t.equal(fake.rateLimitViolations(43).length, 0);

  const edits = await Promise.allSettled([1, 2, 3].map((n) => api.editMessageText({ chat_id: 7, message_id: 1, text: `edit ${n}` })));
  t.ok(edits.every((r) => r.status === 'rejected'), 'edits of a missing message fail validation first');
  t.equal(fake.rateLimitViolations(7).length, 0, 'and so break no limit');
});

t.test('flood limits: a client spacing messages with the library limiter breaks none', async (t) => {
  const fake = await start(t);
  const api = client(fake, { maxRetries: 0, rateLimit: { perChat: 1 } });
  await Promise.all([1, 2, 3].map((n) => api.sendMessage({ chat_id: 42, text: `alert ${n}` })));
  t.equal(fake.messages(42).length, 3);
  t.equal(fake.rateLimitViolations().length, 0);
});

t.test('flood limits: editMessageText counts, groups and the global rate, limits: false', async (t) => {
  const fake = await start(t, { limits: { perChatBurst: 100, perChatPerSecond: 100, globalPerSecond: 25 } });
  const api = client(fake, { maxRetries: 0 });
  const group = -1001234567890;
  const sends = await Promise.allSettled(Array.from({ length: 21 }, (_, n) => api.sendMessage({ chat_id: group, text: `n${n}` })));
  t.equal(sends.filter((r) => r.status === 'rejected').length, 1, 'the 21st message in a minute into a group is refused');
  t.match(fake.rateLimitViolations(group), [{ limit: 'group' }]);

  const strict = await start(t, { limits: { globalPerSecond: 3 } });
  const strictApi = client(strict, { maxRetries: 0 });
  await Promise.allSettled([1, 2, 3, 4, 5].map((chat) => strictApi.sendMessage({ chat_id: chat, text: 'x' })));
  t.ok(strict.rateLimitViolations().some((v) => v.limit === 'global'), 'five chats at once exceed three a second overall');

  const edited = await start(t);
  const editApi = client(edited, { maxRetries: 0 });
  await editApi.sendMessage({ chat_id: 42, text: 'v0' });
  await Promise.allSettled([1, 2, 3].map((n) => editApi.editMessageText({ chat_id: 42, message_id: 1, text: `v${n}` })));
  t.ok(edited.rateLimitViolations(42).some((v) => v.method === 'editMessageText'), 'edits count towards the chat limit');

  const unlimited = await start(t, { limits: false });
  const unlimitedApi = client(unlimited, { maxRetries: 0 });
  await Promise.all([1, 2, 3, 4, 5].map((n) => unlimitedApi.sendMessage({ chat_id: 42, text: `n${n}` })));
  t.equal(unlimited.rateLimitViolations().length, 0);
});

t.test('FloodControl on a manual clock', async (t) => {
  let now = 0;
  const flood = new FloodControl(DEFAULT_RATE_LIMITS, () => now);
  t.equal(flood.admit(42), undefined);
  t.equal(flood.admit(42), undefined, 'a burst of two');
  t.same(flood.admit(42), { limit: 'chat', retryAfter: 1 });
  now += 1000;
  t.equal(flood.admit(42), undefined, 'one more after a second');
  for (let n = 0; n < 20; n++, now += 1000) t.equal(flood.admit(-5), undefined);
  t.same(flood.admit(-5), { limit: 'group', retryAfter: 40 }, 'the 21st in a minute waits for the first to leave the window');
  t.throws(() => new FloodControl({ ...DEFAULT_RATE_LIMITS, perChatBurst: 0 }), /perChatBurst must be a positive number/);
});

t.test('waitForMessages: resolves with the messages, or says what came', async (t) => {
  const fake = await start(t, { limits: false });
  const api = client(fake, { maxRetries: 0 });
  const waiting = fake.waitForMessages(2, { chatId: 42 });
  await api.sendMessage({ chat_id: 42, text: 'one' });
  await api.sendMessage({ chat_id: 43, text: 'elsewhere' });
  await failure(api.sendMessage({ chat_id: 42, text: '<b>broken', parse_mode: 'HTML' }));
  await t.rejects(
    fake.waitForMessages(2, { chatId: 42, timeoutMs: 100 }),
    /expected 2 message\(s\) in chat 42 within 100 ms; the bot sent:\n {2}chat 42 #1: "one"\nlast refused requests:\n {2}sendMessage 400: Bad Request: can't parse entities/,
  );
  await api.sendMessage({ chat_id: 42, text: 'two' });
  t.same((await waiting).map((m) => m.text), ['one', 'two']);
});
