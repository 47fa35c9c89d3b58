export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

interface Waiting<J, R> {
  readonly job: J;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: jobs submitted while a commit runs wait and go together into the next one, so 32
 * concurrent webhooks cost a few InfluxDB round trips instead of 32. Commits run one at a time, which
 * also makes each commit see everything the previous ones wrote (the slot probing relies on it). An
 * idle queue commits a job at once: batching adds no delay at low load. Each caller settles only with
 * the commit that contained its job.
 */
export class GroupCommit<J, R> {
  private readonly queue: Waiting<J, R>[] = [];
  private running: Promise<void> | undefined;

  constructor(
    /** Commits the jobs; answers one outcome per job, in order, or throws to fail them all. */
    private readonly commit: (jobs: readonly J[]) => Promise<readonly Outcome<R>[]>,
    /** The most weight (e.g. points) one commit takes; a heavier single job still goes alone. */
    private readonly maxWeight: number,
    private readonly weight: (job: J) => number,
  ) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once every job submitted so far has settled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    await null; // lets submit() store this promise before the end of this function clears it
    while (this.queue.length > 0) await this.commitNext();
    // Cleared in the same turn as the emptiness check above: a later submit() starts a new drain.
    this.running = undefined;
  }

  /** Never throws: a failing commit rejects its jobs. */
  private async commitNext(): Promise<void> {
    let weight = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || weight + this.weight((this.queue[count] as Waiting<J, R>).job) <= this.maxWeight)) {
      weight += this.weight((this.queue[count] as Waiting<J, R>).job);
      count++;
    }
    const batch = this.queue.splice(0, count);
    let outcomes: readonly Outcome<R>[];
    try {
      outcomes = await this.commit(batch.map((w) => w.job));
      if (outcomes.length !== batch.length) throw new Error(`commit answered ${outcomes.length} outcomes for ${batch.length} jobs`);
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i] as Outcome<R>;
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}
