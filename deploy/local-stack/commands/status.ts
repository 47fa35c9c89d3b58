import { stackLayout } from '../layout.js';
import { answers } from '../readiness.js';
import { stackProcesses } from '../running.js';
import type { StackSettings } from '../settings.js';
import { isStackFolder } from '../stack-folder.js';

/** Exit code of `status` when something is not running or not ready, as LSB init scripts say "not running". */
export const NOT_RUNNING = 3;

const say = (text: string): void => void process.stdout.write(`${text}\n`);

/** `status`: each component's process and readiness; 0 when all are ready. */
export async function status(settings: StackSettings): Promise<number> {
  const layout = stackLayout(settings.dir);
  if (!(await isStackFolder(layout))) {
    say(`No Hostwatch stack in ${layout.root}.`);
    return NOT_RUNNING;
  }
  let allReady = true;
  say(`Hostwatch stack in ${layout.root}:`);
  for (const { component, pid } of await stackProcesses(settings, layout)) {
    const ready = pid !== undefined && (await answers(component.readyUrl));
    allReady &&= ready;
    const state = pid === undefined ? 'stopped' : ready ? `ready    pid ${pid}` : `not ready, pid ${pid}`;
    say(`  ${component.title.padEnd(13)} ${state.padEnd(18)} ${component.url}`);
  }
  return allReady ? 0 : NOT_RUNNING;
}
