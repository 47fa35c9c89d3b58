import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { StackLayout } from './layout.js';
import type { StackPorts } from './settings.js';
import { StackError } from './stack-error.js';

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

/**
 * Makes the folder the stack's: creates it and its subfolders, and writes the marker. A folder that
 * exists, is not empty and has no marker is refused, so that a mistyped HOSTWATCH_STACK_DIR never
 * fills (or, through `down --purge`, deletes) someone's directory.
 */
export async function claimStackFolder(layout: StackLayout): Promise<void> {
  if (!(await exists(layout.marker))) {
    const entries = await readdir(layout.root).catch(() => []);
    if (entries.length > 0) {
      throw new StackError(`${layout.root} is not empty and holds no Hostwatch stack (no ${layout.marker}); choose a new or empty folder with HOSTWATCH_STACK_DIR`);
    }
  }
  for (const dir of [layout.root, layout.configDir, layout.logsDir, `${layout.root}/run`, `${layout.root}/data`]) await mkdir(dir, { recursive: true });
  await writeFile(layout.marker, 'A Hostwatch local stack (deploy/local-stack/stack.sh). `stack.sh down --purge` deletes this folder.\n');
}

export const isStackFolder = (layout: StackLayout): Promise<boolean> => exists(layout.marker);

/** Deletes the stack's folder; only one with the marker. */
export async function purgeStackFolder(layout: StackLayout): Promise<void> {
  if (!(await isStackFolder(layout))) throw new StackError(`${layout.root} holds no Hostwatch stack (no ${layout.marker}); not deleting it`);
  await rm(layout.root, { recursive: true, force: true });
}

/** What `up` records for `status` and `down`, which run without up's environment. */
export interface StackState {
  readonly ports: StackPorts;
  readonly startedAt: string;
  /** describeTelegram() of the variables the bridge was started with. */
  readonly telegram: string;
  readonly inventoryFile: string;
}

export async function writeStackState(layout: StackLayout, state: StackState): Promise<void> {
  await writeFile(layout.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export async function readStackState(layout: StackLayout): Promise<StackState | undefined> {
  try {
    return JSON.parse(await readFile(layout.stateFile, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}
