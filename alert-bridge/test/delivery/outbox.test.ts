import t, { type Test } from 'tap';
import { makeTempDir } from '../../../test/helpers/processes.js';
import { Outbox, type QueuedGroup } from '../../src/delivery/outbox.js';
import { groupOf, hosts } from '../helpers/groups.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const CHAT = { chatId: '-1001234567890' };
const TOPIC = { chatId: '-1001234567890', threadId: 7 };

async function openOutbox(t: Test): Promise<{ outbox: Outbox; reopen(): Promise<Outbox> }> {
  const temp = await makeTempDir('outbox');
  const opened: Outbox[] = [];
  const reopen = async () => {
    const outbox = new Outbox(temp.path);
    await outbox.open();
    opened.push(outbox);
    return outbox;
  };
  t.teardown(async () => {
    for (const outbox of opened) outbox.close();
    await temp.remove();
  });
  return { outbox: await reopen(), reopen };
}

const part = (recordIds: readonly string[], status: 'firing' | 'resolved' = 'firing') => ({ text: `<b>${recordIds.length}</b>`, status, recordIds });

t.test('a record is queued once per destination, whatever is offered again', async (t) => {
  const { outbox } = await openOutbox(t);
  const [a, b, c] = hosts(3);
  t.same(outbox.enqueue([{ destination: CHAT, group: groupOf([a!, b!]) }], NOW), ['-1001234567890']);
  t.same(outbox.enqueue([{ destination: CHAT, group: groupOf([a!, b!, c!]) }, { destination: TOPIC, group: groupOf([a!]) }], NOW), ['-1001234567890', '-1001234567890:7']);
  t.same(outbox.enqueue([{ destination: CHAT, group: groupOf([a!, b!, c!]) }], NOW), [], 'a redelivery queues nothing');
  const waiting = outbox.waiting(CHAT, 10);
  t.same(waiting.map((queued) => queued.group.records.map((record) => record.id)), [[a!.id, b!.id], [c!.id]], 'the second group carries only c');
  t.equal(outbox.depth(), 3);
  t.same(
    outbox.destinations().map((destination) => destination.threadId ?? null),
    [null, 7],
  );
  t.same(outbox.deliveryStates([a!.id]).get(a!.id)?.map((state) => [state.chat_id, state.thread_id, state.state]), [
    ['-1001234567890', undefined, 'pending'],
    ['-1001234567890', 7, 'pending'],
  ]);
});

t.test('a batch is sent part by part; a restart resumes at the next part; the last part empties the queue', async (t) => {
  const { outbox, reopen } = await openOutbox(t);
  const records = hosts(4);
  outbox.enqueue([{ destination: CHAT, group: groupOf(records.slice(0, 2)) }, { destination: CHAT, group: groupOf(records.slice(2)) }], NOW);
  const waiting: QueuedGroup[] = outbox.waiting(CHAT, 10);
  const batch = outbox.createBatch(CHAT, 'digest', waiting, [part([records[0]!.id, records[1]!.id]), part([records[2]!.id, records[3]!.id])], NOW);
  t.same(outbox.waiting(CHAT, 10), [], 'batched groups no longer wait');
  outbox.partSent(batch, 0, 41, NOW);
  outbox.close();

  const again = await reopen();
  const resumed = again.openBatch(CHAT);
  t.equal(resumed?.nextPart, 1, 'the first part is not sent again');
  t.equal(again.depth(), 2, 'both groups are still undelivered');
  again.attemptFailed(resumed!, 1, 'Telegram answered 502', NOW);
  t.same(again.deliveryStates([records[2]!.id]).get(records[2]!.id)?.[0], { chat_id: CHAT.chatId, state: 'pending', reason: 'Telegram answered 502', updated_at: NOW.toISOString() });
  t.equal(again.openBatch(CHAT)?.attempts, 1);
  again.partSent(again.openBatch(CHAT)!, 1, 42, NOW);
  t.equal(again.openBatch(CHAT), undefined);
  t.equal(again.depth(), 0);
  t.same(again.destinations(), []);
  const states = again.deliveryStates(records.map((record) => record.id));
  t.same(records.map((record) => states.get(record.id)?.[0]?.message_id), [41, 41, 42, 42]);
});

t.test('a part refused for good marks its records failed and moves on', async (t) => {
  const { outbox } = await openOutbox(t);
  const [a] = hosts(1);
  outbox.enqueue([{ destination: CHAT, group: groupOf([a!]) }], NOW);
  const batch = outbox.createBatch(CHAT, 'group', outbox.waiting(CHAT, 1), [part([a!.id])], NOW);
  outbox.partFailed(batch, 0, 'Telegram answered 400: Bad Request: chat not found', NOW);
  t.match(outbox.deliveryStates([a!.id]).get(a!.id), [{ state: 'failed', reason: /chat not found/ }]);
  t.equal(outbox.depth(), 0);
});

t.test('a silence binding holds the chat, the message and the labels; unknown tokens find nothing', async (t) => {
  const { outbox } = await openOutbox(t);
  const [a] = hosts(1);
  outbox.enqueue([{ destination: CHAT, group: groupOf([a!]) }], NOW);
  const batch = outbox.createBatch(CHAT, 'group', outbox.waiting(CHAT, 1), [{ ...part([a!.id]), silence: [{ id: a!.id, labels: a!.labels }] }], NOW);
  const token = batch.parts[0]?.silenceToken;
  t.match(token, /^[\w-]{12}$/);
  t.same(outbox.silenceBinding(token!), { chatId: CHAT.chatId, messageId: undefined, records: [{ id: a!.id, labels: a!.labels }] });
  outbox.partSent(batch, 0, 99, NOW);
  t.equal(outbox.silenceBinding(token!)?.messageId, 99);
  outbox.writeBotState(`silenced:${token!}`, '{}');
  outbox.writeBotState('offset', '5');
  t.equal(outbox.silenceBinding('AAAAAAAAAAAA'), undefined);
  outbox.prune(new Date(NOW.getTime() + 1));
  t.equal(outbox.silenceBinding(token!), undefined, 'pruned with its age');
  t.equal(outbox.readBotState(`silenced:${token!}`), undefined, "the bot's record of the press goes with it");
  t.equal(outbox.readBotState('offset'), '5', 'other bot state stays');
  t.same(outbox.deliveryStates([a!.id]).size, 0);
});

t.test('bot state is durable key-value', async (t) => {
  const { outbox, reopen } = await openOutbox(t);
  t.equal(outbox.readBotState('offset'), undefined);
  outbox.writeBotState('offset', '17');
  outbox.writeBotState('offset', '18');
  outbox.close();
  t.equal((await reopen()).readBotState('offset'), '18');
});
