import type { Static, TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { describeViolation, firstViolation } from '../schema/violation.js';
import { UpstreamError, type UpstreamFailureReason, type UpstreamName } from './errors.js';
import { parseUpstreamUrl, scrubSecrets, type UpstreamLocation } from './upstream-url.js';

/** Long enough for a heavy PromQL query, short enough that a person waiting on the bot gets an answer. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;

export interface UpstreamClientOptions {
  /** `http[s]://[user:password@]host[:port][/prefix]`. */
  readonly url: string;
  /** A deadline for each whole request, answer body included. */
  readonly timeoutMs?: number;
}

export interface UpstreamAnswer {
  readonly status: number;
  readonly ok: boolean;
  /** The parsed body; undefined when it was empty or (on a non-2xx answer) not JSON. */
  readonly json: unknown;
  /** The body as text, for error messages. */
  readonly text: string;
}

export interface UpstreamRequest {
  readonly query?: URLSearchParams;
  readonly json?: unknown;
}

// What a person is shown of an answer body: enough to recognise a proxy's page, never a whole one.
const SNIPPET_LENGTH = 200;

/**
 * One upstream's HTTP API: JSON in and out, a timeout on every call, and every failure an
 * UpstreamError whose message has no credentials. It never retries; the person can ask again.
 */
export class JsonHttpClient {
  readonly location: UpstreamLocation;
  private readonly timeoutMs: number;

  constructor(
    readonly upstream: UpstreamName,
    options: UpstreamClientOptions,
  ) {
    this.location = parseUpstreamUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  }

  /** The answer, whatever its status; throws only when there is no complete answer or a 2xx is not JSON. */
  async send(method: string, path: string, request: UpstreamRequest = {}): Promise<UpstreamAnswer> {
    const what = `${method} ${path}`;
    const query = request.query?.toString();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.location.authorization) headers.Authorization = this.location.authorization;
    if (request.json !== undefined) headers['Content-Type'] = 'application/json';
    let status: number;
    let text: string;
    try {
      const response = await fetch(`${this.location.baseUrl}${path}${query ? `?${query}` : ''}`, {
        method,
        headers,
        body: request.json === undefined ? undefined : JSON.stringify(request.json),
        // A redirect here is a misconfigured prefix or a login page: report it rather than follow it.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw this.exceptionError(what, error);
    }
    const ok = status >= 200 && status < 300;
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : JSON.parse(text);
    } catch (error) {
      if (ok) throw this.error('bad_response', `answered ${what} with invalid JSON (HTTP ${status})`, status, error);
    }
    return { status, ok, json, text };
  }

  /** The value typed by the schema, or a bad_response error naming the first place it differs. */
  validate<T extends TSchema>(check: TypeCheck<T>, value: unknown, what: string, status?: number): Static<T> {
    const violation = firstViolation(check, value);
    if (violation === undefined) return value as Static<T>;
    throw this.error('bad_response', `answered ${what} unexpectedly: ${describeViolation(violation)}`, status);
  }

  /** `answered HTTP 502 (GET /api/v1/query): <the start of the body>` */
  statusError(what: string, answer: UpstreamAnswer, detail?: string): UpstreamError {
    const body = detail ?? answer.text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET_LENGTH);
    return this.error('http_status', `answered HTTP ${answer.status} (${what})${body ? `: ${body}` : ''}`, answer.status);
  }

  /** An UpstreamError with any credential the upstream's text may have echoed scrubbed out. */
  error(reason: UpstreamFailureReason, message: string, status?: number, cause?: unknown): UpstreamError {
    return new UpstreamError(this.upstream, reason, scrubSecrets(this.location, message), status, { cause });
  }

  private exceptionError(what: string, error: unknown): UpstreamError {
    const e = error as { name?: string; message?: string; cause?: unknown };
    if (e?.name === 'TimeoutError') {
      return this.error('timeout', `did not answer within ${formatSeconds(this.timeoutMs)} (${what})`, undefined, error);
    }
    return this.error('unreachable', `is unreachable (${what}): ${networkCause(error)}`, undefined, error);
  }
}

/** undici says only "fetch failed"; the cause (or, for happy eyeballs, its first error) says why. */
function networkCause(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string; code?: string; errors?: { message?: string }[] } };
  const cause = e?.cause;
  const message = cause?.message || cause?.errors?.[0]?.message || cause?.code || e?.message || String(error);
  return message.replace(/\s+/g, ' ').trim();
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
