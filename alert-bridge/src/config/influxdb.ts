import { ConfigError } from './config-error.js';

export interface InfluxConfig {
  /** INFLUXDB_URL as given: `http://[user:password@]host:port[/prefix]/database`. */
  readonly url: string;
  /** The URL's last path segment, decoded. */
  readonly database: string;
  /** Duration of the retention policy the bridge creates: `400d`, `52w`, `INF`. */
  readonly retention: string;
  /** Override the URL's credentials (INFLUXDB_USERNAME, INFLUXDB_PASSWORD[_FILE]). */
  readonly username?: string;
  readonly password?: string;
}

/**
 * Alert history is small (one point per alert state) and read back for reviews that look a year back,
 * so a year plus a month of grace; InfluxDB deletes older shards whole.
 */
export const DEFAULT_INFLUXDB_RETENTION = '400d';

// InfluxQL duration literals (influxql/scanner.go): units ns, u, µ, ms, s, m, h, d, w, combinable; or INF.
const DURATION = /^(?:(?:\d+(?:ns|u|µ|ms|s|m|h|d|w))+|INF)$/;

const EXAMPLE = 'e.g. http://127.0.0.1:8086/hostwatch';

/** `http://127.0.0.1:8086/hostwatch`: the last path segment is the database (a reverse proxy's prefix may come before it). */
export function parseInfluxUrl(key: string, text: string): { url: string; database: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(key, `is not a URL (${EXAMPLE})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(key, `scheme must be http or https, not ${url.protocol.slice(0, -1)}`);
  if (url.search || url.hash) throw new ConfigError(key, `takes no query or fragment; the database is the path (${EXAMPLE})`);
  const database = url.pathname.split('/').filter(Boolean).pop();
  if (database === undefined) throw new ConfigError(key, `the path must name the database (${EXAMPLE})`);
  return { url: text, database: decodeURIComponent(database) };
}

export function parseRetention(key: string, text: string): string {
  if (!DURATION.test(text)) throw new ConfigError(key, `${JSON.stringify(text)} is not an InfluxDB duration (e.g. 400d, 52w or INF)`);
  return text;
}

/** The URL without its password, for logs. */
export function redactedInfluxUrl(config: InfluxConfig): string {
  const url = new URL(config.url);
  if (url.password) url.password = 'redacted';
  return url.href;
}
