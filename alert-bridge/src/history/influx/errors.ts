// Why a call to InfluxDB failed, and whether trying again later can help. The store never retries a
// write itself (Alertmanager does, on the bridge's 5xx); it only says which kind of failure it was.

export type InfluxFailureReason =
  /** Connection refused, reset, DNS: InfluxDB is down or unreachable. */
  | 'unreachable'
  /** No complete answer within the request timeout: InfluxDB is slow or hung. */
  | 'timeout'
  /** A 5xx (including InfluxDB's own write timeout and "engine: cache maximum memory size exceeded"). */
  | 'server_error'
  /** The database or retention policy is gone (dropped while we run): init() creates it again. */
  | 'database_missing'
  /** 401/403: the credentials are wrong or lack the privilege. */
  | 'unauthorized'
  /** Any other 4xx: a field type conflict, a partial write, a point InfluxDB cannot take. */
  | 'rejected'
  /** An answer we could not read. */
  | 'bad_response';

const TRANSIENT: ReadonlySet<InfluxFailureReason> = new Set(['unreachable', 'timeout', 'server_error', 'database_missing']);

export class InfluxStoreError extends Error {
  /** True when the same request may succeed later (the webhook answers 503 and Alertmanager retries). */
  readonly transient: boolean;

  constructor(
    readonly reason: InfluxFailureReason,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`InfluxDB ${reason}: ${message}`, options);
    this.name = 'InfluxStoreError';
    this.transient = TRANSIENT.has(reason);
  }
}

/** An HTTP answer other than success, from /write or /query. */
export function classifyResponse(status: number, body: string): InfluxStoreError {
  const message = errorMessage(body) ?? `HTTP ${status}`;
  if (/database not found|retention policy not found/i.test(message)) return new InfluxStoreError('database_missing', message, status);
  if (status >= 500) return new InfluxStoreError('server_error', message, status);
  if (status === 401 || status === 403) return new InfluxStoreError('unauthorized', message, status);
  if (status === 408 || status === 429) return new InfluxStoreError('server_error', message, status);
  return new InfluxStoreError('rejected', message, status);
}

/** An exception from fetch or from the influx package's pool (which reports HTTP errors as exceptions too). */
export function classifyException(error: unknown): InfluxStoreError {
  if (error instanceof InfluxStoreError) return error;
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string }; res?: { statusCode?: number } };
  const message = e?.message ?? String(error);
  const status = e?.res?.statusCode;
  // influx's RequestError (300-500) carries the response; its text ends with InfluxDB's JSON body.
  if (typeof status === 'number') return classifyResponse(status, message.replace(/^[^{]*/, ''));
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || /timed out/i.test(message)) {
    return new InfluxStoreError('timeout', message, undefined, { cause: error });
  }
  // influx's ServiceNotAvailableError: a 5xx (message = status text), or every host backed off.
  if (e?.name === 'Error' && /No host available/.test(message)) return new InfluxStoreError('unreachable', message, undefined, { cause: error });
  if (e?.constructor?.name === 'ServiceNotAvailableError') return new InfluxStoreError('server_error', message, undefined, { cause: error });
  if (/database not found|retention policy not found/i.test(message)) return new InfluxStoreError('database_missing', message);
  const code = e?.code ?? e?.cause?.code;
  if (code !== undefined || e?.name === 'TypeError' /* fetch failed */) {
    return new InfluxStoreError('unreachable', `${message}${code ? ` (${code})` : ''}`, undefined, { cause: error });
  }
  if (/^Error from InfluxDB/.test(message)) return new InfluxStoreError('rejected', message, undefined, { cause: error });
  return new InfluxStoreError('bad_response', message, undefined, { cause: error });
}

function errorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: a proxy's page, say
  }
  return body.trim().slice(0, 500) || undefined;
}
