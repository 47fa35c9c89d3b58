import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Sends SIGTERM, then SIGKILL after graceMs; resolves with the exit code or signal. */
  stop(graceMs?: number): Promise<number | NodeJS.Signals | null>;
  exited(): Promise<number | NodeJS.Signals | null>;
}

export function startProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): RunningProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
    child.once('error', (error) => {
      output += String(error);
      resolve(null);
    });
  });
  return {
    child,
    output: () => output,
    exited: () => exit,
    stop: async (graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exit;
      clearTimeout(timer);
      return result;
    },
  };
}

/** Polls until check() resolves truthy; throws with the last error after timeoutMs. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** Resolves once url answers with the expected status (any 2xx by default). */
export async function waitForHttp(url: string, process?: RunningProcess, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    url,
    async () => {
      if (process && (process.child.exitCode !== null || process.child.signalCode !== null)) {
        throw new Error(`process exited early:\n${process.output()}`);
      }
      const response = await fetch(url);
      await response.arrayBuffer();
      return response.ok;
    },
    timeoutMs,
  );
}

export async function makeTempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `hostwatch-${prefix}-`));
  return { path: dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
