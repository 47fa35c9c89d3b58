// The notices of the packages a bundle inlines. Their MIT, ISC, BSD and Apache licences ask that the
// notice travel with copies, and a single-file bundle drops their LICENSE files, so the build writes
// them next to it.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

/** "node_modules/@scope/name/lib/x.js" -> "node_modules/@scope/name" (nested node_modules included). */
export function packageDirOf(inputPath) {
  const parts = inputPath.split(/[\\/]/);
  const last = parts.lastIndexOf('node_modules');
  if (last === -1 || last + 1 >= parts.length) return undefined;
  const nameLength = parts[last + 1].startsWith('@') ? 2 : 1;
  return parts.slice(0, last + 1 + nameLength).join('/');
}

async function licenceText(dir) {
  const names = await readdir(dir);
  const file = names.find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? (await readFile(path.join(dir, file), 'utf8')).trim() : undefined;
}

/**
 * The text of the notices of every package among an esbuild metafile's inputs, sorted by name.
 * `rootDir` is the directory esbuild's input paths are relative to (its working directory).
 */
export async function bundledLicences(metafile, rootDir) {
  const dirs = new Set(Object.keys(metafile.inputs).map(packageDirOf).filter(Boolean));
  const entries = [];
  for (const dir of dirs) {
    const absolute = path.resolve(rootDir, dir);
    const manifest = JSON.parse(await readFile(path.join(absolute, 'package.json'), 'utf8'));
    const text = await licenceText(absolute);
    entries.push({
      title: `${manifest.name}@${manifest.version} (${manifest.license ?? 'see below'})`,
      text: text ?? `No licence file in the package; package.json says: ${manifest.license ?? 'nothing'}.`,
    });
  }
  entries.sort((a, b) => a.title.localeCompare(b.title));
  return entries.map((entry) => `${entry.title}\n${'-'.repeat(entry.title.length)}\n${entry.text}\n`).join('\n');
}
