import type { NotificationRecord } from '../../../history/record.js';
import type { AlertGroupNotification } from '../../notifier.js';
import { countText, partView, type PartView } from './header-view.js';
import type { MessagePart } from './message-pack.js';
import { severityLook, worstSeverity } from './severity.js';

/**
 * What the digest partials see. A digest replaces many group messages during an alert storm: one line
 * per alert, under a heading per alertname, the largest sections first.
 */

export interface DigestHeaderView {
  readonly firingCount: number;
  readonly resolvedCount: number;
  readonly alertCount: number;
  /** Distinct alert groups (by group key). */
  readonly groupCount: number;
  /** "48 groups", "1 group". */
  readonly groupsText: string;
  readonly part: PartView;
}

export interface DigestSectionView {
  readonly alertname: string;
  readonly count: number;
  readonly firingCount: number;
  readonly resolvedCount: number;
  /** "12 firing, 3 resolved", "4 firing", "2 resolved". */
  readonly countText: string;
  readonly severityEmoji: string;
}

export interface DigestAlertView {
  readonly id: string;
  readonly firing: boolean;
  readonly status: 'firing' | 'resolved';
  /** The severity's emoji while firing, ✅ once resolved. */
  readonly statusEmoji: string;
  readonly severityEmoji: string;
  readonly alertname: string;
  readonly instance: string;
  /** On one line, at most DIGEST_SUMMARY_LENGTH characters. */
  readonly summary: string;
}

export interface DigestSection {
  readonly view: DigestSectionView;
  readonly alerts: readonly DigestAlertView[];
}

/** Characters (graphemes) of a summary a digest line shows. */
export const DIGEST_SUMMARY_LENGTH = 80;
export const RESOLVED_EMOJI = '✅';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** At most `max` characters as a reader counts them, the last one an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const characters = Array.from(graphemes.segment(text), ({ segment }) => segment);
  return characters.length <= max ? text : characters.slice(0, max - 1).join('') + '…';
}

export function digestAlertView(record: NotificationRecord): DigestAlertView {
  const severityEmoji = severityLook(record.severity).emoji;
  const firing = record.status === 'firing';
  const summary = (record.annotations.summary ?? '').replace(/\s+/g, ' ').trim();
  return {
    id: record.id,
    firing,
    status: record.status,
    statusEmoji: firing ? severityEmoji : RESOLVED_EMOJI,
    severityEmoji,
    alertname: record.alertname,
    instance: record.instance,
    summary: truncateText(summary, DIGEST_SUMMARY_LENGTH),
  };
}

function sectionCountText(firing: number, resolved: number): string {
  const parts = [];
  if (firing > 0) parts.push(`${firing} firing`);
  if (resolved > 0) parts.push(`${resolved} resolved`);
  return parts.join(', ');
}

/** The alerts by alertname: sections with the most firing alerts first, firing lines before resolved ones. */
export function digestSections(records: readonly NotificationRecord[]): DigestSection[] {
  const byName = new Map<string, NotificationRecord[]>();
  for (const record of records) {
    const section = byName.get(record.alertname) ?? [];
    section.push(record);
    byName.set(record.alertname, section);
  }
  const sections = [...byName].map(([alertname, members]) => {
    const firing = members.filter((record) => record.status === 'firing');
    const resolved = members.filter((record) => record.status === 'resolved');
    const view: DigestSectionView = {
      alertname,
      count: members.length,
      firingCount: firing.length,
      resolvedCount: resolved.length,
      countText: sectionCountText(firing.length, resolved.length),
      severityEmoji: (firing.length > 0 ? worstSeverity(firing.map((record) => record.severity)) : { emoji: RESOLVED_EMOJI }).emoji,
    };
    return { view, alerts: [...firing, ...resolved].map(digestAlertView) };
  });
  // Array.prototype.sort is stable: equal sections keep their first-seen order.
  return sections.sort((a, b) => b.view.firingCount - a.view.firingCount || b.view.count - a.view.count);
}

export function digestHeaderView(groups: readonly AlertGroupNotification[], part: MessagePart): DigestHeaderView {
  const records = groups.flatMap((group) => group.records);
  const firingCount = records.filter((record) => record.status === 'firing').length;
  const groupCount = new Set(groups.map((group) => group.groupKey)).size;
  return {
    firingCount,
    resolvedCount: records.length - firingCount,
    alertCount: records.length,
    groupCount,
    groupsText: countText(groupCount, 'group'),
    part: partView(part),
  };
}
