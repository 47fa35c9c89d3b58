import t from 'tap';
import { botCommandList } from '../../src/bot/commands/index.js';
import { ALLOWED_UPDATES } from '../../src/bot/telegram-bot.js';
import { ALICE, startBotHarness, type Person } from './fixtures/bot-harness.js';

const BOB: Person = { id: 2002, username: 'bob', firstName: 'Bob' };

t.test('start removes any webhook, registers the command list, and polls for messages and buttons only', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await h.ask(ALICE.id, '/help');
  t.equal(h.fake.requests('deleteWebhook').length, 1);
  t.notOk(h.fake.requests('deleteWebhook')[0]?.params.drop_pending_updates, 'commands sent while the bridge was down are kept');
  t.same(h.fake.commands(), botCommandList());
  t.same(
    h.fake.commands()?.map((c) => c.command),
    ['status', 'alerts', 'history', 'silence', 'unsilence', 'help'],
  );
  const poll = h.fake.requests('getUpdates')[0];
  t.same(JSON.parse(String(poll?.params.allowed_updates)), ALLOWED_UPDATES);
});

t.test('/help and /start list every command with its description', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  for (const command of ['/help', '/start', `/help@HostwatchBot`]) {
    const answer = await h.ask(ALICE.id, command);
    for (const { command: name, description } of botCommandList()) {
      t.match(answer.text, `/${name}`, `${command} names /${name}`);
      t.match(answer.text, description);
    }
    t.equal(answer.parseMode, 'HTML');
  }
});

t.test('a chat that is not allowed gets exactly one refusal, without data, however often it asks', async (t) => {
  const stranger = 5005;
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await h.sendAndSettle(stranger, '/status', { id: stranger, firstName: 'Mallory' });
  await h.sendAndSettle(stranger, '/history', { id: stranger, firstName: 'Mallory' });
  await h.sendAndSettle(stranger, '/help', { id: stranger, firstName: 'Mallory' });
  const messages = h.fake.messages(stranger);
  t.equal(messages.length, 1, 'one refusal for three commands');
  t.match(messages[0]?.text, /answers only in the chats it is set up for/);
  t.match(messages[0]?.text, String(stranger), "names the chat's id for the admin");
  t.notMatch(messages[0]?.text, /\/status|\/history|CPU|firing/, 'no command list, no data');
  t.equal(h.outbox.readBotState(`refused:${stranger}`) !== undefined, true, 'remembered durably');
});

t.test('the refusal is remembered across a restart', async (t) => {
  const stranger = -100777;
  const first = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await first.sendAndSettle(stranger, '/status@HostwatchBot');
  t.equal(first.fake.messages(stranger).length, 1);
  await first.bot.close();
  const second = await startBotHarness(t, { allowedChatIds: [ALICE.id], fake: first.fake, dataDir: first.dataDir });
  await second.sendAndSettle(stranger, '/status@HostwatchBot');
  t.equal(second.fake.messages(stranger).length, 1, 'still one refusal');
});

t.test('plain text, edited messages, commands further in and commands for other bots get no answer', async (t) => {
  const group = -100123;
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id, group] });
  const first = await h.ask(ALICE.id, '/help');
  const edited = h.fake.sendEditedMessage({ chatId: ALICE.id, fromId: ALICE.id, messageId: 1, text: '/status' });
  await h.sendAndSettle(ALICE.id, 'hello bot');
  await h.sendAndSettle(ALICE.id, 'what does /status say?');
  await h.sendAndSettle(group, '/status@OtherBot');
  await h.sendAndSettle(group, '/frobnicate');
  t.equal(h.fake.updateState(edited), 'dropped', 'allowed_updates keeps edits away');
  const last = await h.ask(ALICE.id, '/help');
  t.same(
    h.fake.messages(ALICE.id).map((m) => m.messageId),
    [first.messageId, last.messageId],
    'only the two /help commands were answered',
  );
  t.equal(h.fake.messages(group).length, 0, "another bot's command, and an unknown one in a group, are not answered");
});

t.test('an unknown command in a private chat points to /help', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  const answer = await h.ask(ALICE.id, '/frobnicate now');
  t.match(answer.text, 'I do not know /frobnicate; /help lists what I can do.');
});

t.test('a command answered in a group quotes the command, and a topic keeps the answer in the topic', async (t) => {
  const group = -100555;
  const h = await startBotHarness(t, { allowedChatIds: [group] });
  h.fake.sendUserMessage({ chatId: group, fromId: BOB.id, text: '/help', messageThreadId: 7 });
  const [answer] = await h.fake.waitForMessages(1, { chatId: group });
  t.equal(answer?.messageThreadId, 7);
  const request = h.fake.requests('sendMessage').at(-1);
  t.match(JSON.parse(String(request?.params.reply_parameters)), { allow_sending_without_reply: true });
});

t.test('the getUpdates offset is stored, and a restart starts from it', async (t) => {
  const first = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await first.ask(ALICE.id, '/help');
  await first.bot.close();
  const stored = Number(first.outbox.readBotState('offset'));
  t.ok(Number.isSafeInteger(stored), 'the offset is in bot_state');

  // An update the store says was handled, though Telegram still has it: it must not be answered again.
  const handled = first.fake.sendUserMessage({ chatId: ALICE.id, fromId: ALICE.id, text: '/start' });
  first.outbox.writeBotState('offset', String(handled + 1));
  const second = await startBotHarness(t, { allowedChatIds: [ALICE.id], fake: first.fake, dataDir: first.dataDir });
  const answer = await second.ask(ALICE.id, '/help');
  t.equal(second.fake.messages(ALICE.id).length, 2, 'the update below the stored offset was not answered');
  t.equal(second.fake.updateState(handled), 'confirmed');
  t.match(answer.text, 'Hostwatch bot');
  t.equal(second.outbox.readBotState('offset'), String(Number(second.fake.requests('getUpdates').at(-1)?.params.offset)));
});

t.test('a failing answer is logged and the loop goes on', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  h.fake.failNext(2, { kind: 'status', status: 400, body: 'json', methods: ['sendMessage'] });
  await h.sendAndSettle(ALICE.id, '/help');
  t.equal(h.fake.messages(ALICE.id).length, 0);
  const errors = h.log.lines().filter((line) => line.level === 50);
  t.match(errors.map((line) => line.error), [/Telegram answered 400/, /Telegram answered 400/]);
  const answer = await h.ask(ALICE.id, '/help');
  t.match(answer.text, 'Hostwatch bot', 'the next command is answered');
});

t.test('getUpdates failing for good is logged and polling starts again', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await h.ask(ALICE.id, '/help');
  // 401 is not transient: longPoll gives up; the bot logs it and polls again a little later.
  h.fake.failNext(1, { kind: 'status', status: 401, body: 'json', methods: ['getUpdates'] });
  const answer = await h.ask(ALICE.id, '/help');
  t.match(answer.text, 'Hostwatch bot');
});

t.test('close stops polling and waits for the update in hand', async (t) => {
  const h = await startBotHarness(t, { allowedChatIds: [ALICE.id] });
  await h.ask(ALICE.id, '/help');
  await h.bot.close();
  const polls = h.fake.requests('getUpdates').length;
  h.fake.sendUserMessage({ chatId: ALICE.id, fromId: ALICE.id, text: '/help' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(h.fake.requests('getUpdates').length, polls, 'no getUpdates after close');
});
