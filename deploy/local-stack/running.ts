import { stackComponents, type Component } from './components.js';
import { runningPid } from './daemon.js';
import type { StackLayout } from './layout.js';
import type { StackSettings } from './settings.js';
import { readStackState } from './stack-folder.js';

export interface ComponentProcess {
  readonly component: Component;
  /** Undefined when not running (no pid file, or its process is gone or is another program). */
  readonly pid: number | undefined;
}

/**
 * The components as the stack in the folder was started: with the ports `up` recorded, since
 * `status` and `down` may run without up's environment.
 */
export async function stackProcesses(settings: StackSettings, layout: StackLayout): Promise<ComponentProcess[]> {
  const state = await readStackState(layout);
  const components = stackComponents(state ? { ...settings, ports: state.ports } : settings, layout);
  return Promise.all(
    components.map(async (component) => ({ component, pid: await runningPid(layout.pidFile(component.name), component.commandMarker) })),
  );
}
