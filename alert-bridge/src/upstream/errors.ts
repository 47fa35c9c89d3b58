// Why a call to Prometheus or Alertmanager failed. The bot shows the message to the person who asked,
// so it names the upstream and the cause in one line and never carries the URL's credentials.

export type UpstreamName = 'Prometheus' | 'Alertmanager';

export type UpstreamFailureReason =
  /** Connection refused or reset, DNS failure, TLS failure: the upstream is down or unreachable. */
  | 'unreachable'
  /** No complete answer within the client's timeout. */
  | 'timeout'
  /** A non-2xx answer that says no more than its status (a proxy's error page, say). */
  | 'http_status'
  /** The upstream understood the request and refused it with a message (a PromQL error, a bad silence). */
  | 'rejected'
  /** A 2xx answer that is not the JSON we expect: invalid JSON or a shape the schema refuses. */
  | 'bad_response';

export class UpstreamError extends Error {
  constructor(
    readonly upstream: UpstreamName,
    readonly reason: UpstreamFailureReason,
    message: string,
    /** The HTTP status, when there was an answer. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${upstream} ${message}`, options);
    this.name = 'UpstreamError';
  }
}

/** Alertmanager knows no silence with this id (expired long ago and garbage-collected, or never made). */
export class SilenceNotFoundError extends UpstreamError {
  constructor(readonly silenceId: string, status: number) {
    super('Alertmanager', 'rejected', `has no silence ${silenceId}`, status);
    this.name = 'SilenceNotFoundError';
  }
}
