import type { NotificationRecord } from '../../../history/record.js';
import { durationBetween, formatTime, isZeroTime } from './duration.js';
import { alertmanagerBase, linkableUrl, silenceUrl } from './links.js';
import { severityLook } from './severity.js';

/**
 * What the alert partials of a template see: every field computed and plain text, so that a template
 * only places values and Handlebars' `{{ }}` escapes each of them.
 */

export interface NameValue {
  readonly name: string;
  readonly value: string;
}

export interface LinkView {
  readonly label: string;
  readonly url: string;
}

export interface FiringAlertView {
  readonly id: string;
  readonly status: 'firing';
  readonly alertname: string;
  readonly instance: string;
  readonly severity: string;
  readonly severityEmoji: string;
  readonly summary: string;
  readonly description: string;
  /** The `value` annotation. */
  readonly value: string;
  readonly startsAt: string;
  readonly firingFor: string;
  /** Labels other than alertname, instance and severity, by name. */
  readonly labels: readonly NameValue[];
  /** Annotations other than summary, description, value and runbook_url, by name. */
  readonly annotations: readonly NameValue[];
  readonly runbookUrl: string | undefined;
  /** A runbook_url that is no http(s) URL: shown, never linked. */
  readonly runbookText: string;
  readonly graphUrl: string | undefined;
  readonly silenceUrl: string | undefined;
  /** Runbook, Graph, Silence: the ones there are. */
  readonly links: readonly LinkView[];
  readonly fingerprint: string;
}

export interface ResolvedAlertView {
  readonly id: string;
  readonly status: 'resolved';
  readonly alertname: string;
  readonly instance: string;
  readonly severity: string;
  readonly severityEmoji: string;
  readonly summary: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** startsAt to endsAt. */
  readonly lasted: string;
  readonly fingerprint: string;
}

const SHOWN_LABELS = new Set(['alertname', 'instance', 'severity']);
const SHOWN_ANNOTATIONS = new Set(['summary', 'description', 'value', 'runbook_url']);

function others(values: Readonly<Record<string, string>>, shown: ReadonlySet<string>): NameValue[] {
  return Object.keys(values)
    .filter((name) => !shown.has(name))
    .sort()
    .map((name) => ({ name, value: values[name] ?? '' }));
}

export function firingAlertView(record: NotificationRecord, now: Date, configuredAlertmanager?: string): FiringAlertView {
  const annotations = record.annotations;
  const runbook = annotations.runbook_url ?? '';
  const runbookUrl = linkableUrl(runbook);
  const graphUrl = linkableUrl(record.generatorURL);
  const base = alertmanagerBase(record.externalURL, configuredAlertmanager);
  const silence = base === undefined ? undefined : linkableUrl(silenceUrl(base, record.labels));
  const links: LinkView[] = [];
  if (runbookUrl) links.push({ label: 'Runbook', url: runbookUrl });
  if (graphUrl) links.push({ label: 'Graph', url: graphUrl });
  if (silence) links.push({ label: 'Silence', url: silence });
  return {
    id: record.id,
    status: 'firing',
    alertname: record.alertname,
    instance: record.instance,
    severity: record.severity,
    severityEmoji: severityLook(record.severity).emoji,
    summary: annotations.summary ?? '',
    description: annotations.description ?? '',
    value: annotations.value ?? '',
    startsAt: formatTime(record.startsAt),
    firingFor: durationBetween(record.startsAt, now),
    labels: others(record.labels, SHOWN_LABELS),
    annotations: others(annotations, SHOWN_ANNOTATIONS),
    runbookUrl,
    runbookText: runbookUrl === undefined ? runbook : '',
    graphUrl,
    silenceUrl: silence,
    links,
    fingerprint: record.fingerprint,
  };
}

export function resolvedAlertView(record: NotificationRecord): ResolvedAlertView {
  const ended = !isZeroTime(record.endsAt);
  return {
    id: record.id,
    status: 'resolved',
    alertname: record.alertname,
    instance: record.instance,
    severity: record.severity,
    severityEmoji: severityLook(record.severity).emoji,
    summary: record.annotations.summary ?? '',
    startsAt: formatTime(record.startsAt),
    endsAt: ended ? formatTime(record.endsAt) : '',
    lasted: ended ? durationBetween(record.startsAt, record.endsAt) : '',
    fingerprint: record.fingerprint,
  };
}
