import { readFileSync } from 'node:fs';

/** Read once at start-up from the package's own manifest (one level above both src/ and dist/). */
export const bridgeVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
