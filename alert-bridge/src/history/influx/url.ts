export interface InfluxLocation {
  /** Scheme, host, port and any path prefix before the database (a reverse proxy's), without a trailing slash. */
  readonly baseUrl: string;
  readonly protocol: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  /** The path prefix alone ('' or '/influx'). */
  readonly pathPrefix: string;
  readonly database: string;
  readonly username?: string;
  readonly password?: string;
}

/** A bad INFLUXDB_URL; the message says what is wrong, never the password. */
export class InfluxUrlError extends Error {
  constructor(reason: string) {
    super(`INFLUXDB_URL ${reason}`);
    this.name = 'InfluxUrlError';
  }
}

/**
 * `http://[user:password@]host[:port][/prefix]/database`: the database is the last path segment, like
 * the Prometheus remote-write URLs people already write for InfluxDB 1.x. Credentials may also come from
 * elsewhere (the config's secrets); those given here are percent-decoded.
 */
export function parseInfluxUrl(text: string): InfluxLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InfluxUrlError('is not a URL (expected e.g. http://127.0.0.1:8086/hostwatch)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InfluxUrlError(`must use http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new InfluxUrlError('must not have a query or fragment');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const last = segments.pop();
  if (last === undefined) throw new InfluxUrlError('needs the database as its path, e.g. http://127.0.0.1:8086/hostwatch');
  const database = decodeURIComponent(last);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const port = url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port);
  const pathPrefix = segments.length > 0 ? `/${segments.join('/')}` : '';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const location: InfluxLocation = {
    baseUrl: `${url.protocol}//${url.host}${pathPrefix}`,
    protocol,
    host,
    port,
    pathPrefix,
    database,
  };
  if (url.username === '' && url.password === '') return location;
  return { ...location, username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}
