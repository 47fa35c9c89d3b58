import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { StackError } from './stack-error.js';

/**
 * The bridge's bearer token file, mode 0600: created with 32 random bytes (hex) when missing, kept
 * when present (its mode tightened if needed). Alertmanager reads the same file. Returns whether it
 * was created.
 */
export async function ensureTokenFile(file: string): Promise<boolean> {
  try {
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  if ((await readFile(file, 'utf8')).trim() === '') throw new StackError(`${file} is empty: delete it for a new token, or write one into it`);
  return false;
}
