import {
  AlertsAnswer,
  CreatedSilenceAnswer,
  SilenceAnswer,
  type AlertmanagerAlert,
  type AlertmanagerSilence,
} from './alertmanager-answers.js';
import { SilenceNotFoundError, type UpstreamError } from './errors.js';
import { JsonHttpClient, type UpstreamAnswer, type UpstreamClientOptions } from './json-http-client.js';

export type { AlertmanagerAlert, AlertmanagerSilence } from './alertmanager-answers.js';

/** Alertmanager's matcher: `=` is isEqual && !isRegex, `!~` is !isEqual && isRegex, and so on. */
export interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual: boolean;
}

export interface AlertsQuery {
  /** Each true includes alerts in that state. Defaults (unlike Alertmanager's, all true): what still needs attention. */
  readonly active?: boolean;
  readonly silenced?: boolean;
  readonly inhibited?: boolean;
  readonly unprocessed?: boolean;
  /** Matchers in Alertmanager's text form, all of which an alert must match: `instance="web1:9100"`. */
  readonly filter?: readonly string[];
  /** A regex on receiver names. */
  readonly receiver?: string;
}

export interface NewSilence {
  readonly matchers: readonly Matcher[];
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly createdBy: string;
  readonly comment: string;
}

/** Alertmanager's API v2 (ALERTMANAGER_URL): the alerts it holds and its silences. */
export class AlertmanagerClient {
  private readonly http: JsonHttpClient;

  constructor(options: UpstreamClientOptions) {
    this.http = new JsonHttpClient('Alertmanager', options);
  }

  /** The URL without credentials, for logs. */
  get baseUrl(): string {
    return this.http.location.baseUrl;
  }

  async alerts(options: AlertsQuery = {}): Promise<AlertmanagerAlert[]> {
    const query = new URLSearchParams({
      active: String(options.active ?? true),
      silenced: String(options.silenced ?? false),
      inhibited: String(options.inhibited ?? false),
      unprocessed: String(options.unprocessed ?? true),
    });
    for (const matcher of options.filter ?? []) query.append('filter', matcher);
    if (options.receiver !== undefined) query.set('receiver', options.receiver);
    const what = 'GET /api/v2/alerts';
    const answer = await this.http.send('GET', '/api/v2/alerts', { query });
    if (!answer.ok) throw this.refusal(what, answer);
    return this.http.validate(AlertsAnswer, answer.json, what, answer.status);
  }

  /** Creates the silence and returns its id. */
  async createSilence(silence: NewSilence): Promise<string> {
    const what = 'POST /api/v2/silences';
    const answer = await this.http.send('POST', '/api/v2/silences', {
      json: {
        matchers: silence.matchers.map(({ name, value, isRegex, isEqual }) => ({ name, value, isRegex, isEqual })),
        startsAt: silence.startsAt.toISOString(),
        endsAt: silence.endsAt.toISOString(),
        createdBy: silence.createdBy,
        comment: silence.comment,
      },
    });
    if (!answer.ok) throw this.refusal(what, answer);
    return this.http.validate(CreatedSilenceAnswer, answer.json, what, answer.status).silenceID;
  }

  /** Throws SilenceNotFoundError when Alertmanager has no silence with this id. */
  async silence(id: string): Promise<AlertmanagerSilence> {
    const path = silencePath(id);
    const answer = await this.http.send('GET', path);
    if (answer.status === 404) throw new SilenceNotFoundError(id, answer.status);
    if (!answer.ok) throw this.refusal(`GET ${path}`, answer);
    return this.http.validate(SilenceAnswer, answer.json, `GET ${path}`, answer.status);
  }

  /** Ends the silence now. Throws SilenceNotFoundError when Alertmanager has no silence with this id. */
  async expireSilence(id: string): Promise<void> {
    const path = silencePath(id);
    const answer = await this.http.send('DELETE', path);
    // Alertmanager 0.25 (Debian 12) answers an unknown id with 500 "silence not found"; later ones with 404.
    if (answer.status === 404 || (answer.status === 500 && answer.json === 'silence not found')) {
      throw new SilenceNotFoundError(id, answer.status);
    }
    if (!answer.ok) throw this.refusal(`DELETE ${path}`, answer);
  }

  /**
   * Alertmanager explains a refusal as a JSON string (`"silence invalid: …"`, 400) or, when the request
   * breaks its OpenAPI schema, as `{"code":602,"message":"endsAt in body is required"}` (422).
   */
  private refusal(what: string, answer: UpstreamAnswer): UpstreamError {
    const json = answer.json as { message?: unknown } | string | undefined;
    const message = typeof json === 'string' ? json : typeof json?.message === 'string' ? json.message : undefined;
    if (message === undefined || answer.status >= 500) return this.http.statusError(what, answer, message);
    return this.http.error('rejected', `refused ${what} (HTTP ${answer.status}): ${message}`, answer.status);
  }
}

function silencePath(id: string): string {
  return `/api/v2/silence/${encodeURIComponent(id)}`;
}
