import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './stack-error.js';

/** Whether url answers 2xx within two seconds. */
export async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Polls url until it answers 2xx; fails as soon as the process is gone, or after timeoutMs. */
export async function waitUntilReady(what: string, url: string, alive: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await answers(url)) return;
    if (!(await alive())) throw new StackError(`${what} exited before ${url} answered`);
    if (Date.now() > deadline) throw new StackError(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}
