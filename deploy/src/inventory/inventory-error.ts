/** One thing wrong with the inventory: `where` names the host and key, `reason` says why. */
export interface InventoryProblem {
  /** `hosts[2] (web1.example.net:9110).thresholds.cpu`, `smtp.from`, `line 4, column 3`. */
  readonly where: string;
  readonly reason: string;
}

/** An inventory the generator refuses; the CLI prints every problem and exits with 2. */
export class InventoryError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly InventoryProblem[],
  ) {
    super(problems.map((problem) => `${source}: ${problem.where}: ${problem.reason}`).join('\n'));
    this.name = 'InventoryError';
  }
}

/** `hosts[2] (web1.example.net:9110)`, or `hosts[2]` when the address is unusable. */
export function hostWhere(index: number, address: unknown): string {
  return typeof address === 'string' && address.trim() !== '' ? `hosts[${index}] (${address})` : `hosts[${index}]`;
}
