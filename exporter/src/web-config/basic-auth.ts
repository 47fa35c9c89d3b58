import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import bcrypt from 'bcryptjs';

/**
 * exporter-toolkit's stand-in for unknown users (bcrypt of "fakepassword", web/handler.go): they pay
 * for a bcrypt compare too, so response times do not tell which user names exist.
 */
export const UNKNOWN_USER_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';

/** exporter-toolkit's cacheSize (web/cache.go). */
export const VERDICT_CACHE_SIZE = 100;

export interface BasicCredentials {
  readonly user: string;
  readonly password: string;
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Go's Request.BasicAuth: "Basic " in any case, padded base64, user and password split at the first colon. */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (!header || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const encoded = header.slice(6);
  if (!STRICT_BASE64.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type PasswordCompare = (password: string, hash: string) => Promise<boolean>;

export interface BasicAuthenticatorOptions {
  /** bcryptjs by default; tests count calls. */
  readonly compare?: PasswordCompare;
  /** Verdicts by sha256(user, hash, password); tests inspect it. */
  readonly cache?: Map<string, boolean>;
  readonly cacheSize?: number;
}

/**
 * Checks basic-auth credentials against bcrypt hashes like exporter-toolkit's BasicAuthAuthenticator:
 * verdicts are cached so a scrape every 15 s pays bcrypt once, and compares run one at a time.
 * The cache key is a digest: the plaintext password is never kept.
 */
export class BasicAuthenticator {
  private readonly compare: PasswordCompare;
  private readonly cache: Map<string, boolean>;
  private readonly cacheSize: number;
  private previousCompare: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    options: BasicAuthenticatorOptions = {},
  ) {
    this.compare = options.compare ?? ((password, hash) => bcrypt.compare(password, hash));
    this.cache = options.cache ?? new Map();
    this.cacheSize = options.cacheSize ?? VERDICT_CACHE_SIZE;
  }

  async authenticate(credentials: BasicCredentials | undefined): Promise<boolean> {
    if (!credentials) return false;
    const hash = this.users.get(credentials.user);
    const comparedHash = hash ?? UNKNOWN_USER_HASH;
    const key = createHash('sha256').update(JSON.stringify([credentials.user, comparedHash, credentials.password])).digest('hex');
    let verdict = this.cache.get(key);
    if (verdict === undefined) {
      const matches = await this.compareInTurn(credentials.password, comparedHash);
      verdict = hash !== undefined && matches;
      this.remember(key, verdict);
    }
    return verdict;
  }

  /** One bcrypt at a time, as exporter-toolkit's bcryptMtx: a burst of guesses queues instead of piling up. */
  private compareInTurn(password: string, hash: string): Promise<boolean> {
    const result = this.previousCompare.then(() => this.compare(password, hash)).catch(() => false);
    this.previousCompare = result;
    return result;
  }

  /** Oldest first out, once full. */
  private remember(key: string, verdict: boolean): void {
    this.cache.delete(key);
    while (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    this.cache.set(key, verdict);
  }
}

/**
 * The request gate: lets the request through, or answers 401 with `WWW-Authenticate: Basic` as
 * exporter-toolkit does for a missing header, an unknown user and a wrong password alike.
 */
export async function authorizeRequest(
  authenticator: BasicAuthenticator | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (!authenticator) return true;
  if (await authenticator.authenticate(parseBasicAuthorization(req.headers.authorization))) return true;
  res.writeHead(401, {
    'WWW-Authenticate': 'Basic',
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end('Unauthorized\n');
  return false;
}
