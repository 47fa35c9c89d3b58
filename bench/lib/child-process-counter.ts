import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// exec() goes through module.exports.execFile, and execSync/execFileSync/fork through local
// spawn/spawnSync, so wrapping exactly these counts every process once.
const STARTERS = ['execFile', 'execFileSync', 'execSync', 'fork', 'spawn', 'spawnSync'] as const;

let started = 0;
let installed = false;

/**
 * Counts processes started through node:child_process from now on. Must run before the library
 * under test is loaded: CommonJS code such as systeminformation copies `require('child_process').exec`
 * into a local when its module loads.
 */
export function installChildProcessCounter(): void {
  if (installed) return;
  installed = true;
  const childProcess = require('node:child_process') as Record<string, (...args: unknown[]) => unknown>;
  for (const name of STARTERS) {
    const original = childProcess[name] as (...args: unknown[]) => unknown;
    childProcess[name] = function countingStarter(this: unknown, ...args: unknown[]) {
      started += 1;
      return original.apply(this, args);
    };
  }
}

export function childProcessesStarted(): number {
  return started;
}
