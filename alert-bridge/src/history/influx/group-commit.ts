export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<J, R> {
  readonly job: J;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export interface GroupCommitSteps<J, R, P> {
  /** Decides what the jobs will write; runs one at a time, in submission order. Throwing fails the jobs. */
  plan(jobs: readonly J[]): Promise<P>;
  /** Carries a plan out; up to `concurrency` at once. One outcome per job, in order; throwing fails them all. */
  execute(plan: P, jobs: readonly J[]): Promise<readonly Outcome<R>[]>;
}

/**
 * Group commit: jobs submitted while earlier ones are being written wait and go together into the next
 * commit, so 32 concurrent webhooks cost a few InfluxDB writes instead of 32. Planning is serial (each
 * plan sees the ones before it); a few writes may be in flight at once, which keeps a slow write from
 * holding up everything behind it. An idle queue commits a job at once: batching adds no delay at low
 * load. Each caller settles only with the commit that contained its job.
 */
export class GroupCommit<J, R, P> {
  private readonly queue: Waiting<J, R>[] = [];
  private draining = false;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly steps: GroupCommitSteps<J, R, P>,
    private readonly options: {
      /** The most weight (e.g. points) one commit takes; a heavier single job still goes alone. */
      readonly maxWeight: number;
      readonly weight: (job: J) => number;
      readonly concurrency: number;
    },
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.kick();
    });
  }

  /** Resolves once every job submitted so far has settled. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && !this.draining;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    await null; // submit() returns before the first plan starts
    while (this.queue.length > 0 && this.inFlight < this.options.concurrency) {
      const batch = this.takeBatch();
      const jobs = batch.map((w) => w.job);
      let plan: P;
      try {
        plan = await this.steps.plan(jobs);
      } catch (error) {
        batch.forEach((w) => w.reject(error));
        continue;
      }
      this.inFlight++;
      void this.execute(plan, batch);
    }
    // Cleared in the same turn as the checks above: a later submit() or finished write drains again.
    this.draining = false;
    this.notifyIdle();
  }

  private async execute(plan: P, batch: readonly Waiting<J, R>[]): Promise<void> {
    let outcomes: readonly Outcome<R>[];
    try {
      outcomes = await this.steps.execute(plan, batch.map((w) => w.job));
      if (outcomes.length !== batch.length) throw new Error(`execute answered ${outcomes.length} outcomes for ${batch.length} jobs`);
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    this.inFlight--;
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i] as Outcome<R>;
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
    if (this.queue.length > 0) this.kick();
    this.notifyIdle();
  }

  private takeBatch(): Waiting<J, R>[] {
    const { maxWeight, weight } = this.options;
    let total = 0;
    let count = 0;
    while (count < this.queue.length) {
      const next = weight((this.queue[count] as Waiting<J, R>).job);
      if (count > 0 && total + next > maxWeight) break;
      total += next;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
