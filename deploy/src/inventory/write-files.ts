import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedFile } from './generate.js';

/**
 * Writes each file under `dir`, creating folders. Each is written beside its target under a name
 * that no glob of prometheus.yml matches (`.hosts.yml.<pid>.tmp`), then renamed over it, so that
 * Prometheus' file_sd watcher or a reload never reads half a file. Returns the paths written.
 */
export async function writeGeneratedFiles(dir: string, files: readonly GeneratedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
    await writeFile(temporary, file.content, { mode: 0o644 });
    await rename(temporary, target);
    written.push(target);
  }
  return written;
}
