/**
 * An error that becomes a response: `status` and `expose` as Koa's http-errors have them, so one
 * handler (errors.ts) serves both. Messages of exposed errors go to the client; never put a secret in one.
 */
export class HttpError extends Error {
  readonly expose: boolean;

  readonly headers: Readonly<Record<string, string>>;

  /** `cause`: the failure behind a 5xx, for the log (errors.ts logs it, the client never sees it). */
  constructor(
    readonly status: number,
    message: string,
    options: { headers?: Readonly<Record<string, string>>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.headers = options.headers ?? {};
    this.name = 'HttpError';
    this.expose = status < 500 || status === 503;
  }
}
