import { stopDetached } from '../daemon.js';
import { stackLayout } from '../layout.js';
import { stackProcesses } from '../running.js';
import type { StackSettings } from '../settings.js';
import { isStackFolder, purgeStackFolder } from '../stack-folder.js';

const say = (text: string): void => void process.stdout.write(`${text}\n`);

/** `down`: stops every component the pid files name, last started first; `purge` deletes the folder too. */
export async function down(settings: StackSettings, options: { purge: boolean }): Promise<number> {
  const layout = stackLayout(settings.dir);
  if (!(await isStackFolder(layout))) {
    say(`No Hostwatch stack in ${layout.root}: nothing to stop.`);
    return 0;
  }
  const processes = await stackProcesses(settings, layout);
  for (const { component, pid } of processes.reverse()) {
    if (pid === undefined) continue;
    const outcome = await stopDetached(pid, component.commandMarker, layout.pidFile(component.name));
    say(`stopped ${component.title} (pid ${pid}${outcome === 'killed' ? ', killed after it ignored SIGTERM' : ''})`);
  }
  if (options.purge) {
    await purgeStackFolder(layout);
    say(`deleted ${layout.root}`);
  } else {
    say(`Data and configuration kept in ${layout.root} (\`down --purge\` deletes them).`);
  }
  return 0;
}
