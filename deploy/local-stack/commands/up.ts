import { readFile } from 'node:fs/promises';
import { stackComponents, type Component } from '../components.js';
import { writeStackConfig } from '../config/write-config.js';
import { isRunning, startDetached, stopDetached } from '../daemon.js';
import { stackLayout, type StackLayout } from '../layout.js';
import { busyPortProblems } from '../ports-free.js';
import { waitUntilReady } from '../readiness.js';
import { stackProcesses } from '../running.js';
import type { StackSettings } from '../settings.js';
import { claimStackFolder, readStackState, writeStackState } from '../stack-folder.js';
import { StackError } from '../stack-error.js';
import { describeTelegram, renderSummary, stackCommand } from '../summary.js';
import { ensureTokenFile } from '../token.js';

/** influxd opens its shards and Prometheus replays its WAL before they answer; both can take a while. */
const READY_TIMEOUT_MS = 90_000;

const say = (text: string): void => void process.stdout.write(`${text}\n`);

async function logTail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).map((line) => `    ${line}`).join('\n');
}

/** Asks a running Prometheus and Alertmanager to read their regenerated configuration. */
async function reload(components: readonly Component[]): Promise<void> {
  for (const component of components.filter((c) => c.name === 'prometheus' || c.name === 'alertmanager')) {
    const response = await fetch(`${component.url}/-/reload`, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new StackError(`${component.title} refused the new configuration: ${(await response.text()).trim()}`);
  }
}

/** Starts each component in order and waits until it answers; on a failure stops what it started. */
async function startAll(components: readonly Component[], layout: StackLayout): Promise<void> {
  const started: { component: Component; pid: number }[] = [];
  try {
    for (const component of components) {
      const pid = await startDetached(component, { logFile: layout.logFile(component.name), pidFile: layout.pidFile(component.name), cwd: layout.root });
      started.push({ component, pid });
      process.stdout.write(`  starting ${component.title} (pid ${pid}) ... `);
      await waitUntilReady(component.title, component.readyUrl, () => isRunning(pid, component.commandMarker), READY_TIMEOUT_MS);
      say('ready');
    }
  } catch (error) {
    say('failed');
    const failed = started.at(-1);
    const tail = failed ? `\n  last lines of ${layout.logFile(failed.component.name)}:\n${await logTail(layout.logFile(failed.component.name))}` : '';
    for (const { component, pid } of started.reverse()) await stopDetached(pid, component.commandMarker, layout.pidFile(component.name));
    throw new StackError(`${(error as Error).message}${tail}\n  stopped everything this run started`);
  }
}

/** `up`: configuration from the inventory, then every component, detached; exit code. */
export async function up(settings: StackSettings): Promise<number> {
  const layout = stackLayout(settings.dir);
  await claimStackFolder(layout);
  const processes = await stackProcesses(settings, layout);
  const running = processes.filter((p) => p.pid !== undefined);

  if (running.length === processes.length) {
    // Already up: apply an edited inventory, with the ports the stack runs on.
    const state = await readStackState(layout);
    const runningSettings = state ? { ...settings, ports: state.ports } : settings;
    await writeStackConfig(runningSettings, layout);
    await reload(processes.map((p) => p.component));
    say('Already running; configuration regenerated from the inventory, Prometheus and Alertmanager reloaded.');
    say(`(Ports and Telegram settings apply on the next start: ${stackCommand(settings, 'down')}, then up.)\n`);
    say(renderSummary({ settings: runningSettings, layout, components: processes.map((p) => p.component), telegram: state?.telegram ?? '', inventoryFile: state?.inventoryFile ?? '' }));
    return 0;
  }
  if (running.length > 0) {
    const names = running.map((p) => `${p.component.title} (pid ${p.pid})`).join(', ');
    throw new StackError(`partly running: ${names}; run \`${stackCommand(settings, 'down')}\`, then up again`);
  }

  const busy = await busyPortProblems(settings.ports);
  if (busy.length > 0) throw new StackError(busy.join('\n'));

  const tokenCreated = await ensureTokenFile(layout.tokenFile);
  await writeStackConfig(settings, layout);
  const components = stackComponents(settings, layout);
  const telegram = describeTelegram(settings.telegramEnv);
  const inventoryFile = settings.inventoryFile ?? layout.generatedInventory;
  await writeStackState(layout, { ports: settings.ports, startedAt: new Date().toISOString(), telegram, inventoryFile });

  say(`Starting the Hostwatch stack in ${layout.root}${tokenCreated ? ' (new bridge token)' : ''}`);
  await startAll(components, layout);
  say('');
  say(renderSummary({ settings, layout, components, telegram, inventoryFile }));
  return 0;
}
