import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';
import { checkConfigDocument, type ConfigFileDocument } from './schema.js';

export const CONFIG_FLAG = '--config';

/** `key:` and `key: ~` leave the key at its default, as in Prometheus' and Alertmanager's files. */
function withoutNulls(value: unknown): unknown {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== null));
}

/** Turns the text of a `--config` file into its typed document; throws a ConfigError naming the key. */
export function parseConfigFile(text: string): ConfigFileDocument {
  const document = parseDocument(text, { uniqueKeys: true });
  const [error] = document.errors;
  // The first line only: the rest quotes the file, which may hold a token.
  if (error) throw new ConfigError(CONFIG_FLAG, `invalid YAML: ${error.message.split('\n')[0]?.replace(/:$/, '')}`);
  let value: unknown;
  try {
    value = withoutNulls(document.toJS());
  } catch (cause) {
    throw new ConfigError(CONFIG_FLAG, `invalid YAML: ${(cause as Error).message}`);
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(CONFIG_FLAG, 'expected a mapping of settings');
  const checked = checkConfigDocument(value);
  if ('violation' in checked) throw new ConfigError(checked.violation.path, checked.violation.reason);
  return checked.document;
}

export async function readConfigFile(file: string): Promise<ConfigFileDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(CONFIG_FLAG, (error as Error).message);
  }
  return parseConfigFile(text);
}
