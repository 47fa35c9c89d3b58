import { spawn } from 'node:child_process';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { childEnvironment, type Component } from './components.js';
import { StackError } from './stack-error.js';

/** SIGTERM first; Prometheus may take a few seconds to close its TSDB cleanly. */
const STOP_GRACE_MS = 20_000;

/**
 * Starts the component in a session of its own (setsid), so that it outlives the `up` command and
 * its terminal, with stdout and stderr appended to logFile; writes its pid to pidFile.
 */
export async function startDetached(component: Component, files: { logFile: string; pidFile: string; cwd: string }): Promise<number> {
  const log = await open(files.logFile, 'a');
  try {
    await log.write(`--- ${new Date().toISOString()} hostwatch-stack: ${component.command} ${component.args.join(' ')}\n`);
    const child = spawn(component.command, component.args, {
      cwd: files.cwd,
      env: childEnvironment(component),
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(new StackError(`cannot start ${component.title} (${component.command}): ${error.message}`)));
    });
    child.unref();
    const pid = child.pid as number;
    await writeFile(files.pidFile, `${pid}\n`);
    return pid;
  } finally {
    await log.close();
  }
}

/** Whether pid is a live process (not a zombie) whose command line contains marker. */
export async function isRunning(pid: number, marker: string): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name in parentheses, which may itself hold ") ".
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    const commandLine = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return commandLine.some((arg) => arg.includes(marker));
  } catch {
    return false;
  }
}

/** The pid in pidFile when that process is still the component's; undefined otherwise. */
export async function runningPid(pidFile: string, marker: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 1 && (await isRunning(pid, marker)) ? pid : undefined;
}

/** SIGTERM to the process group the component leads, SIGKILL after graceMs; removes pidFile. */
export async function stopDetached(pid: number, marker: string, pidFile: string, graceMs = STOP_GRACE_MS): Promise<'terminated' | 'killed'> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // gone already
    }
  };
  let outcome: 'terminated' | 'killed' = 'terminated';
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (await isRunning(pid, marker)) {
    if (Date.now() > deadline && outcome === 'terminated') {
      signalGroup('SIGKILL');
      outcome = 'killed';
    }
    await sleep(100);
  }
  await rm(pidFile, { force: true });
  return outcome;
}
