import { escapeHtml } from '../../notify/telegram/render/index.js';
import { formatDuration } from '../../notify/telegram/render/duration.js';
import { severityLook } from '../../notify/telegram/render/severity.js';
import type { AlertmanagerAlert } from '../../upstream/index.js';
import { oneLine, truncate } from './text.js';

/** Alerts listed in one /alerts answer; the rest are counted. */
export const MAX_LISTED_ALERTS = 25;
const SUMMARY_LENGTH = 80;

/** Worst severity first, then the newest. */
function compareAlerts(a: AlertmanagerAlert, b: AlertmanagerAlert): number {
  const bySeverity = severityLook(b.labels.severity ?? '').rank - severityLook(a.labels.severity ?? '').rank;
  return bySeverity || Date.parse(b.startsAt) - Date.parse(a.startsAt) || (a.labels.alertname ?? '').localeCompare(b.labels.alertname ?? '');
}

/** `🔴 <b>HostHighCpu</b> web1:9100 · 2h 5m — CPU at 97%` */
function alertLine(alert: AlertmanagerAlert, now: Date): string {
  const { alertname = '', instance, severity = '' } = alert.labels;
  const since = Date.parse(alert.startsAt);
  const summary = oneLine(alert.annotations.summary ?? alert.annotations.description ?? '');
  return [
    `${severityLook(severity).emoji} <b>${escapeHtml(alertname)}</b>`,
    instance ? ` ${escapeHtml(instance)}` : '',
    Number.isNaN(since) ? '' : ` · ${formatDuration(now.getTime() - since)}`,
    summary ? ` — ${escapeHtml(truncate(summary, SUMMARY_LENGTH))}` : '',
  ].join('');
}

/**
 * /alerts: what Alertmanager has firing (neither silenced nor inhibited), the alerts this chat is
 * sent first (`isHere`), then the others, at most MAX_LISTED_ALERTS lines.
 */
export function formatFiringAlerts(alerts: readonly AlertmanagerAlert[], isHere: (alert: AlertmanagerAlert) => boolean, now: Date): string {
  if (alerts.length === 0) return '✅ Nothing is firing: Alertmanager has no active alert that is not silenced or inhibited.';
  const here = alerts.filter(isHere).sort(compareAlerts);
  const elsewhere = alerts.filter((a) => !isHere(a)).sort(compareAlerts);
  const lines = [`<b>Firing now</b>: ${alerts.length}`];
  let room = MAX_LISTED_ALERTS;
  const section = (title: string, list: readonly AlertmanagerAlert[]): void => {
    if (list.length === 0) return;
    lines.push('', `<b>${title}</b> (${list.length})`);
    const shown = list.slice(0, Math.max(0, room));
    lines.push(...shown.map((alert) => alertLine(alert, now)));
    if (shown.length < list.length) lines.push(`…and ${list.length - shown.length} more`);
    room -= shown.length;
  };
  section('Sent to this chat', here);
  section(here.length === 0 ? 'Sent to other chats' : 'Elsewhere', elsewhere);
  return lines.join('\n');
}
