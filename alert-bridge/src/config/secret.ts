import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config-error.js';

/** A secret given inline under `key`, or as a file named under `fileKey`; never both. */
export interface SecretSource {
  readonly key: string;
  readonly value: string | undefined;
  readonly fileKey: string;
  readonly file: string | undefined;
  /** Relative file names are relative to this directory. */
  readonly baseDir: string;
}

/** A secret and the key it came from. */
export interface Secret {
  readonly key: string;
  readonly value: string;
}

/**
 * The secret's text. A file's surrounding whitespace is trimmed, as Prometheus' common http_config does
 * for Alertmanager's `credentials_file`, so the same file configures both ends. Errors name the key
 * and never echo the secret.
 */
export async function readSecret(source: SecretSource): Promise<Secret | undefined> {
  if (source.value !== undefined && source.file !== undefined) {
    throw new ConfigError(source.fileKey, `${source.key} and ${source.fileKey} are both set; give only one`);
  }
  let secret = source.value;
  let key = source.key;
  if (source.file !== undefined) {
    key = source.fileKey;
    const file = path.resolve(source.baseDir, source.file);
    try {
      secret = (await readFile(file, 'utf8')).trim();
    } catch (error) {
      throw new ConfigError(key, `cannot read the file: ${(error as Error).message}`);
    }
  }
  if (secret === undefined) return undefined;
  if (secret === '') throw new ConfigError(key, source.file !== undefined ? 'the file is empty' : 'is empty');
  return { key, value: secret };
}
