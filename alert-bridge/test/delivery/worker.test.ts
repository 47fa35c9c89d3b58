import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import t, { type Test } from 'tap';
import { makeTempDir } from '../../../test/helpers/processes.js';
import type { TelegramDestination } from '../../src/config/telegram.js';
import { Outbox, type OutgoingPart } from '../../src/delivery/outbox.js';
import type { MessageSender, SendOutcome } from '../../src/delivery/sender.js';
import { DeliveryWorker, type Compose } from '../../src/delivery/worker.js';
import { groupOf, hosts } from '../helpers/groups.js';
import { capturedLogger } from '../helpers/log-capture.js';

const CHAT: TelegramDestination = { chatId: '-100200' };

/** A MessageSender (the queue's port) that answers from a script and records what it was given. */
class ScriptedSender implements MessageSender {
  readonly sent: { destination: string; part: OutgoingPart }[] = [];
  readonly events = new EventEmitter();
  /** Outcomes for the next attempts; when empty, every attempt succeeds. */
  script: Omit<Extract<SendOutcome, { ok: false }>, 'ok'>[] = [];
  /** While set, ready() waits for it. */
  gate: Promise<void> | undefined;
  #messageId = 0;

  async ready(): Promise<void> {
    await this.gate;
  }

  messagesPerMinute(): number {
    return 20;
  }

  async send(destination: TelegramDestination, part: OutgoingPart): Promise<SendOutcome> {
    const failure = this.script.shift();
    if (failure) {
      this.events.emit('attempt');
      return { ok: false, ...failure };
    }
    this.sent.push({ destination: destination.chatId, part });
    this.events.emit('attempt');
    this.events.emit('sent');
    return { ok: true, messageId: ++this.#messageId };
  }

  async waitForSent(count: number): Promise<void> {
    while (this.sent.length < count) await once(this.events, 'sent');
  }
}

/** One part per group, naming its records; a digest is one part with every record. */
const calls: { kind: string; groups: number }[] = [];
const compose: Compose = (groups, kind) => {
  calls.push({ kind, groups: groups.length });
  const part = (ids: string[]) => ({ text: ids.join(','), status: 'firing' as const, recordIds: ids });
  return kind === 'digest' ? [part(groups.flatMap((group) => group.records.map((record) => record.id)))] : groups.map((group) => part(group.records.map((record) => record.id)));
};

async function setup(t: Test, sender: ScriptedSender) {
  const temp = await makeTempDir('worker');
  const outbox = new Outbox(temp.path);
  await outbox.open();
  const worker = new DeliveryWorker({ outbox, sender, compose, logger: capturedLogger('silent').logger });
  t.teardown(async () => {
    await worker.close();
    outbox.close();
    await temp.remove();
  });
  const enqueue = (records: ReturnType<typeof hosts>) => {
    for (const key of outbox.enqueue([{ destination: CHAT, group: groupOf(records) }], new Date())) worker.wake({ chatId: key });
  };
  return { outbox, worker, enqueue, temp };
}

t.beforeEach(() => void (calls.length = 0));

t.test('groups go out one message each, in queue order, and leave the queue', async (t) => {
  const sender = new ScriptedSender();
  const { outbox, enqueue } = await setup(t, sender);
  const records = hosts(3);
  for (const record of records) enqueue([record]);
  await sender.waitForSent(3);
  t.same(sender.sent.map((sent) => sent.part.recordIds), records.map((record) => [record.id]));
  t.equal(outbox.depth(), 0);
  t.same([...outbox.deliveryStates([records[2]!.id]).values()].flat().map((state) => state.state), ['sent']);
});

t.test('a failure that may pass is retried, after retry_after, and later messages wait for it', async (t) => {
  const sender = new ScriptedSender();
  sender.script = [
    { retry: true, retryAfterMs: 5, reason: 'Telegram answered 429: Too Many Requests: retry after 1' },
    { retry: true, retryAfterMs: 5, reason: 'Network request failed: sendMessage' },
  ];
  const { outbox, enqueue } = await setup(t, sender);
  const [first, second] = hosts(2);
  enqueue([first!]);
  enqueue([second!]);
  await sender.waitForSent(2);
  t.same(sender.sent.map((sent) => sent.part.recordIds[0]), [first!.id, second!.id], 'order kept through the retries');
  t.equal(outbox.depth(), 0);
});

t.test('a final refusal fails that message only', async (t) => {
  const sender = new ScriptedSender();
  sender.script = [{ retry: false, reason: 'Telegram answered 400: Bad Request: chat not found' }];
  const { outbox, enqueue } = await setup(t, sender);
  const [refused, next] = hosts(2);
  enqueue([refused!]);
  enqueue([next!]);
  await sender.waitForSent(1);
  t.same(sender.sent.map((sent) => sent.part.recordIds[0]), [next!.id]);
  t.match(outbox.deliveryStates([refused!.id]).get(refused!.id), [{ state: 'failed', reason: /chat not found/ }]);
});

t.test('a backlog that would take longer than the digest budget goes out as one digest, every alert in it', async (t) => {
  const sender = new ScriptedSender();
  let open!: () => void;
  sender.gate = new Promise((resolve) => (open = resolve));
  const { enqueue } = await setup(t, sender);
  const records = hosts(40, 'db');
  for (let i = 0; i < 40; i += 2) enqueue(records.slice(i, i + 2));
  open();
  await sender.waitForSent(1);
  t.same(calls, [{ kind: 'digest', groups: 20 }], '20 groups at 20 a minute would take a minute: one digest');
  t.same(new Set(sender.sent[0]?.part.recordIds), new Set(records.map((record) => record.id)));
});

t.test('a small backlog is sent group by group', async (t) => {
  const sender = new ScriptedSender();
  let open!: () => void;
  sender.gate = new Promise((resolve) => (open = resolve));
  const { enqueue } = await setup(t, sender);
  for (const record of hosts(3)) enqueue([record]);
  open();
  await sender.waitForSent(3);
  t.same(calls.map((call) => call.kind), ['group', 'group', 'group'], '3 messages drain in 9 s, under the 15 s budget');
});

t.test('close stops between messages; a new worker resumes what is left', async (t) => {
  const sender = new ScriptedSender();
  sender.script = Array.from({ length: 1000 }, () => ({ retry: true, retryAfterMs: 60_000, reason: 'Telegram unreachable' }));
  const { outbox, worker, enqueue } = await setup(t, sender);
  const [stuck] = hosts(1);
  enqueue([stuck!]);
  await once(sender.events, 'attempt');
  await worker.close();
  t.equal(outbox.depth(), 1, 'still queued');
  t.match(outbox.deliveryStates([stuck!.id]).get(stuck!.id), [{ state: 'pending', reason: 'Telegram unreachable' }]);

  sender.script = [];
  const resumed = new DeliveryWorker({ outbox, sender, compose, logger: capturedLogger('silent').logger });
  t.teardown(() => resumed.close());
  resumed.start();
  await sender.waitForSent(1);
  t.same(sender.sent[0]?.part.recordIds, [stuck!.id]);
});
