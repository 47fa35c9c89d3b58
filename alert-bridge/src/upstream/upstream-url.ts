/** Where an upstream API lives, split so that the part that may be logged carries no credentials. */
export interface UpstreamLocation {
  /** `scheme://host[:port][/prefix]` without credentials or a trailing slash: safe to log. */
  readonly baseUrl: string;
  /** `Basic …` built from the URL's `user:password@`, when it has them. */
  readonly authorization?: string;
  /** The credentials as they may appear in text (raw, percent-decoded, base64), to scrub from messages. */
  readonly secrets: readonly string[];
}

/** A PROMETHEUS_URL or ALERTMANAGER_URL that cannot be used; `reason` never repeats the URL. */
export class UpstreamUrlError extends Error {
  constructor(readonly reason: string) {
    super(`upstream URL ${reason}`);
    this.name = 'UpstreamUrlError';
  }
}

/**
 * `http[s]://[user:password@]host[:port][/prefix]`. fetch refuses URLs with credentials, so they
 * become an Authorization header; a prefix (a reverse proxy's `/prometheus`) is kept before API paths.
 */
export function parseUpstreamUrl(text: string): UpstreamLocation {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UpstreamUrlError('is not a URL (e.g. http://127.0.0.1:9090)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UpstreamUrlError(`must use http or https, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.search || url.hash) throw new UpstreamUrlError('takes no query or fragment');
  const baseUrl = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  if (url.username === '' && url.password === '') return { baseUrl, secrets: [] };
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    throw new UpstreamUrlError('has malformed percent-encoding in its credentials');
  }
  const basic = Buffer.from(`${username}:${password}`).toString('base64');
  const secrets = [url.password, password, basic].filter((s) => s !== '');
  return { baseUrl, authorization: `Basic ${basic}`, secrets: [...new Set(secrets)] };
}

/** The text with every credential of the location replaced, for messages built from upstream answers. */
export function scrubSecrets(location: UpstreamLocation, text: string): string {
  let scrubbed = text;
  for (const secret of location.secrets) scrubbed = scrubbed.split(secret).join('<redacted>');
  return scrubbed;
}
