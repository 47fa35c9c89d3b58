import { readFileSync } from 'node:fs';

/** Read once from the package's own manifest (one level above both src/ and dist/). */
export const deployVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
