import { setImmediate as tick } from 'node:timers/promises';
import t from 'tap';
import { GroupCommit, type Outcome } from '../../../src/history/influx/group-commit.js';

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}
const gate = (): Gate => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};

/** A commit whose writes wait for the test to open them, recording what was planned. */
function harness(concurrency = 1, maxWeight = 100) {
  const planned: number[][] = [];
  const gates: Gate[] = [];
  let executing = 0;
  let mostExecuting = 0;
  const commits = new GroupCommit<number, string, number[]>(
    {
      plan: async (jobs) => {
        planned.push([...jobs]);
        if (jobs.includes(-1)) throw new Error('plan failed');
        return [...jobs];
      },
      execute: async (plan) => {
        executing++;
        mostExecuting = Math.max(mostExecuting, executing);
        const g = gate();
        gates.push(g);
        await g.promise;
        executing--;
        return plan.map((job): Outcome<string> => (job === 13 ? { ok: false, error: new Error('unlucky') } : { ok: true, value: `done ${job}` }));
      },
    },
    { maxWeight, weight: (job) => Math.abs(job), concurrency },
  );
  return { commits, planned, gates, mostExecuting: () => mostExecuting };
}

t.test('jobs that arrive during a write go together into the next commit', async (t) => {
  const h = harness();
  const first = h.commits.submit(1);
  await tick();
  const rest = [h.commits.submit(2), h.commits.submit(3), h.commits.submit(4)];
  await tick();
  t.same(h.planned, [[1]], 'the first job was committed alone, at once');
  h.gates[0]?.open();
  t.equal(await first, 'done 1');
  await tick();
  t.same(h.planned, [[1], [2, 3, 4]]);
  h.gates[1]?.open();
  t.same(await Promise.all(rest), ['done 2', 'done 3', 'done 4']);
  await h.commits.idle();
});

t.test('a commit takes at most maxWeight, but a heavier job still goes', async (t) => {
  const h = harness(1, 10);
  const jobs = [h.commits.submit(4), h.commits.submit(5), h.commits.submit(3), h.commits.submit(30)];
  for (let i = 0; i < 3; i++) {
    await tick();
    h.gates[i]?.open();
  }
  await Promise.all(jobs);
  t.same(h.planned, [[4, 5], [3], [30]]);
});

t.test('up to `concurrency` writes at once, plans one at a time in order', async (t) => {
  const h = harness(2);
  const a = h.commits.submit(1);
  await tick();
  const b = h.commits.submit(2);
  await tick();
  const c = h.commits.submit(3);
  await tick();
  t.same(h.planned, [[1], [2]], 'two in flight; the third waits');
  h.gates[1]?.open();
  t.equal(await b, 'done 2', 'a later commit may finish first');
  await tick();
  t.same(h.planned, [[1], [2], [3]]);
  h.gates[0]?.open();
  h.gates[2]?.open();
  t.same(await Promise.all([a, c]), ['done 1', 'done 3']);
  t.equal(h.mostExecuting(), 2);
});

t.test('each job gets its own outcome; a failed plan fails its jobs only', async (t) => {
  const h = harness();
  const first = h.commits.submit(1);
  await tick();
  const unlucky = h.commits.submit(13);
  const fine = h.commits.submit(2);
  h.gates[0]?.open();
  await first;
  await tick();
  h.gates[1]?.open();
  await t.rejects(unlucky, { message: 'unlucky' });
  t.equal(await fine, 'done 2');
  const broken = h.commits.submit(-1);
  await t.rejects(broken, { message: 'plan failed' });
  const after = h.commits.submit(5);
  await tick();
  h.gates.at(-1)?.open();
  t.equal(await after, 'done 5', 'the queue goes on after a failed plan');
});

t.test('a job submitted by a caller as its own append settles is not left behind', async (t) => {
  const commits = new GroupCommit<number, number, number[]>(
    { plan: async (jobs) => [...jobs], execute: async (plan) => plan.map((value) => ({ ok: true, value })) },
    { maxWeight: 10, weight: () => 1, concurrency: 1 },
  );
  let chain = 0;
  const next = async (n: number): Promise<number> => (n === 0 ? 0 : (await commits.submit(n), chain++, next(n - 1)));
  await next(50);
  t.equal(chain, 50);
  await commits.idle();
});

t.test('idle() waits for everything submitted', async (t) => {
  const h = harness();
  let settled = 0;
  void h.commits.submit(1).then(() => settled++);
  await tick();
  for (const job of [2, 3]) void h.commits.submit(job).then(() => settled++);
  let idle = false;
  const waiting = h.commits.idle().then(() => (idle = true));
  await tick();
  h.gates[0]?.open();
  await tick();
  await tick();
  t.notOk(idle);
  h.gates[1]?.open();
  await waiting;
  t.equal(settled, 3);
});
