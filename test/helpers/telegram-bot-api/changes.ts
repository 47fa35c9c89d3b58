/** Lets tests wait for the fake's state to reach a condition, rechecked on every change instead of polled. */
export class Changes {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Resolves with check()'s first defined result; rejects when check throws or, after timeoutMs, with
   * an error built by describeTimeout (which should say what did happen).
   */
  waitUntil<T>(check: () => T | undefined, timeoutMs: number, describeTimeout: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        this.listeners.delete(listener);
        clearTimeout(timer);
        outcome();
      };
      const listener = (): void => {
        try {
          const value = check();
          if (value !== undefined) finish(() => resolve(value));
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const timer = setTimeout(() => finish(() => reject(new Error(describeTimeout()))), timeoutMs);
      this.listeners.add(listener);
      listener();
    });
  }
}
