import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseWebConfig, webConfigError, type ParsedTls, type PemSource } from './parse.js';
import { buildTlsSettings, type TlsPems, type TlsSettings } from './tls.js';

/** A web configuration file, read along with the certificates it names. */
export interface WebConfig {
  /** Absent: plain HTTP. */
  readonly tls?: TlsSettings;
  /** Accepted for compatibility; Node's https server speaks HTTP/1.1 only. */
  readonly http2: boolean;
  readonly headers: Readonly<Record<string, string>>;
  /** User name → bcrypt hash; empty: no basic auth. */
  readonly users: ReadonlyMap<string, string>;
}

/** Relative paths are relative to the config file's directory, as exporter-toolkit's TLSConfig.SetDirectory does. */
async function readPem(source: PemSource, key: string, directory: string): Promise<string> {
  if ('inline' in source) return source.inline;
  try {
    return await readFile(path.resolve(directory, source.file), 'utf8');
  } catch (error) {
    throw webConfigError(`tls_server_config.${key}_file: ${(error as Error).message}`);
  }
}

async function readPems(tls: ParsedTls, directory: string): Promise<TlsPems> {
  const [cert, key, clientCa] = await Promise.all([
    readPem(tls.cert, 'cert', directory),
    readPem(tls.key, 'key', directory),
    tls.clientCa ? readPem(tls.clientCa, 'client_ca', directory) : undefined,
  ]);
  return { cert, key, ...(clientCa === undefined ? {} : { clientCa }) };
}

/** Reads and checks `--web.config.file`; every problem is a ConfigError naming the key at fault. */
export async function loadWebConfig(file: string): Promise<WebConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw webConfigError((error as Error).message);
  }
  const parsed = parseWebConfig(text);
  const tls = parsed.tls ? buildTlsSettings(parsed.tls, await readPems(parsed.tls, path.dirname(file))) : undefined;
  return {
    ...(tls ? { tls } : {}),
    http2: parsed.http2,
    headers: parsed.headers,
    users: parsed.users,
  };
}
