import { readFileSync } from 'node:fs';

/** Read once at start-up from the package's own manifest. */
export const exporterVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
