import { recordId } from '../../../alert-bridge/src/alertmanager/records.js';
import type { HistoryFile } from './hostile-history-file.js';
import { errorEnvelope, type RawHttpClient, type RawResponse } from './hostile-http.js';
import type { WebhookCase } from './hostile-webhook-cases.js';

/** What a run of webhook cases saw, for the assertions and RELIABILITY.md. */
export class WebhookTally {
  cases = 0;
  readonly statuses = new Map<number, number>();
  serverErrors = 0;
  partialWrites = 0;
  alertsStored = 0;
  /** Cases the generator knew the answer to. */
  pinned = 0;

  figures(): Record<string, number | string> {
    const statuses = [...this.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}:${n}`).join(' ');
    return {
      cases: this.cases,
      cases_with_known_answer: this.pinned,
      statuses,
      '5xx_seen': this.serverErrors,
      partial_writes: this.partialWrites,
      alerts_stored: this.alertsStored,
    };
  }
}

// The bridge answers nothing else to a webhook while its store is up.
const ALLOWED = new Set([200, 400, 413, 415]);
/** An error message longer than this echoes the input back. */
export const MAX_ERROR_MESSAGE = 2048;

/**
 * Lone surrogates cannot be UTF-8: better-sqlite3 writes each as three bytes that read back as three
 * U+FFFD, so a TEXT column cannot give them back. Alertmanager never sends them (Go's encoding/json
 * writes invalid UTF-8 as U+FFFD); the labels' JSON keeps them escaped.
 */
const hasLoneSurrogate = (text: string): boolean => /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

interface AlertLike {
  status: 'firing' | 'resolved';
  startsAt: string;
  labels: Record<string, string>;
}

/**
 * Posts one case and checks it; throws an Error naming the broken promise. Promises: no 5xx; the status the generator expects when it knows; errors in the bridge's
 * envelope, short; a refused body changes nothing; an accepted one stores each alert once (ids
 * as records.ts defines them), with its labels intact, and counts duplicates right.
 */
export async function postWebhookCase(client: RawHttpClient, history: HistoryFile, token: string, c: WebhookCase, tally: WebhookTally): Promise<void> {
  const alerts = (c.json as { alerts?: AlertLike[] } | undefined)?.alerts;
  const ids = c.expect !== 415 && Array.isArray(alerts) ? idsOf(alerts) : undefined;
  const storedBefore = ids ? new Set(history.rows(ids).keys()) : new Set<string>();
  const countBefore = history.count();
  const response = await client.send('POST', '/webhook', { Authorization: `Bearer ${token}`, ...c.headers }, c.body);
  const countAfter = history.count();
  tally.cases++;
  tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
  if (c.expect !== undefined) tally.pinned++;
  if (response.status >= 500) tally.serverErrors++;

  if (response.status !== 200 && countAfter !== countBefore) {
    tally.partialWrites++;
    throw new Error(`a ${response.status} changed the history: ${countBefore} records before, ${countAfter} after`);
  }
  if (!ALLOWED.has(response.status)) throw new Error(`answered ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`);
  if (c.expect !== undefined && response.status !== c.expect) {
    throw new Error(`expected ${c.expect}, got ${response.status}: ${response.body.toString('utf8').slice(0, 300)}`);
  }
  if (response.status !== 200) return checkError(response);
  if (!Array.isArray(alerts)) throw new Error('accepted a body without a list of alerts');
  if (ids) return checkAccepted(response, history, alerts, ids, storedBefore, countAfter - countBefore, tally);
  // This checkout's records.ts cannot name these alerts (a date it refuses, where the bridge under
  // test, built earlier, took it): the counts must still add up.
  const result = JSON.parse(response.body.toString('utf8')) as { stored?: number; duplicates?: number };
  if (result.stored !== countAfter - countBefore || (result.stored ?? 0) + (result.duplicates ?? 0) !== alerts.length) {
    tally.partialWrites++;
    throw new Error(`answered ${JSON.stringify(result)} for ${alerts.length} alerts, and the history grew by ${countAfter - countBefore}`);
  }
  tally.alertsStored += result.stored ?? 0;
}

function idsOf(alerts: readonly AlertLike[]): string[] | undefined {
  try {
    return alerts.map((alert) => recordId(alert.status, alert.startsAt, alert.labels));
  } catch {
    return undefined; // not a webhook the bridge can accept: it must refuse it
  }
}

function checkError(response: RawResponse): void {
  const envelope = errorEnvelope(response);
  if (!envelope || envelope.status !== response.status) throw new Error(`error body is not {"error":{"status":${response.status},…}}: ${response.body.toString('utf8').slice(0, 300)}`);
  if (typeof envelope.message !== 'string' || envelope.message === '') throw new Error('error without a message');
  if (envelope.message.length > MAX_ERROR_MESSAGE) throw new Error(`error message of ${envelope.message.length} characters echoes the input: ${envelope.message.slice(0, 200)}…`);
}

function checkAccepted(
  response: RawResponse,
  history: HistoryFile,
  alerts: readonly AlertLike[],
  ids: readonly string[],
  storedBefore: ReadonlySet<string>,
  added: number,
  tally: WebhookTally,
): void {
  const result = JSON.parse(response.body.toString('utf8')) as { stored?: unknown; duplicates?: unknown };
  const fresh = new Set(ids.filter((id) => !storedBefore.has(id)));
  if (result.stored !== fresh.size || result.duplicates !== alerts.length - fresh.size) {
    throw new Error(`answered ${JSON.stringify(result)} for ${alerts.length} alerts of which ${fresh.size} were new`);
  }
  if (added !== fresh.size) {
    tally.partialWrites++;
    throw new Error(`answered stored: ${fresh.size} but the history grew by ${added}`);
  }
  const rows = history.rows(ids);
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length > 0) throw new Error(`${missing.length} of ${alerts.length} acknowledged alerts are not stored`);
  // The first alert with an id is the one stored (the rest of the body's copies are duplicates).
  const firstOf = new Map<string, AlertLike>();
  alerts.forEach((alert, i) => firstOf.has(ids[i] as string) || firstOf.set(ids[i] as string, alert));
  for (const id of fresh) {
    const row = rows.get(id);
    const alert = firstOf.get(id) as AlertLike;
    if (row?.labels !== JSON.stringify(alert.labels)) throw new Error(`labels changed on the way in: sent ${JSON.stringify(alert.labels)}, stored ${row?.labels}`);
    for (const [column, label] of [
      [row.alertname, alert.labels.alertname ?? ''],
      [row.instance, alert.labels.instance ?? ''],
    ]) {
      if (column !== label && !hasLoneSurrogate(label as string)) throw new Error(`label ${JSON.stringify(label)} was stored as ${JSON.stringify(column)}`);
    }
  }
  tally.alertsStored += fresh.size;
}
