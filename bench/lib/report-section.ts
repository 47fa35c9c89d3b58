import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces one benchmark's section of BENCHMARKS.md, between `<!-- NAME:start -->` and
 * `<!-- NAME:end -->`, appending it when absent, so that each benchmark rewrites only its own figures.
 */
export async function writeReportSection(file: URL, name: string, content: string): Promise<void> {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${content.trim()}\n${end}\n`;
  let current = '';
  try {
    current = await readFile(file, 'utf8');
  } catch {
    // no report yet
  }
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length).replace(/^\n/, '')}`
      : `${current.trimEnd()}${current ? '\n\n' : ''}${block}`;
  await writeFile(file, next);
}
