import type { NotificationRecord } from '../../../history/record.js';
import type { AlertGroupNotification } from '../../notifier.js';
import type { NameValue } from './alert-view.js';
import type { MessagePart } from './message-pack.js';
import { worstSeverity } from './severity.js';

/** Where a message stands among the messages of one group or digest: "(2/4)". */
export interface PartView {
  readonly index: number;
  readonly count: number;
  /** More than one message: show the part. */
  readonly multiple: boolean;
}

/** What firing_header and resolved_header see. */
export interface GroupHeaderView {
  readonly status: 'firing' | 'resolved';
  readonly count: number;
  /** "1 alert", "3 alerts". */
  readonly countText: string;
  /** The worst severity among the alerts of this status. */
  readonly severityEmoji: string;
  /** The distinct alertnames, "HostDown, DiskFull", the fourth on as "+2 more". */
  readonly alertnames: string;
  readonly groupLabels: readonly NameValue[];
  readonly receiver: string;
  readonly part: PartView;
}

const NAMED_ALERTNAMES = 3;

export const partView = (part: MessagePart): PartView => ({ ...part, multiple: part.count > 1 });

export const countText = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function alertnamesText(records: readonly NotificationRecord[]): string {
  const names = [...new Set(records.map((record) => record.alertname).filter((name) => name !== ''))];
  const named = names.slice(0, NAMED_ALERTNAMES).join(', ');
  return names.length > NAMED_ALERTNAMES ? `${named} +${names.length - NAMED_ALERTNAMES} more` : named;
}

export function groupHeaderView(
  group: AlertGroupNotification,
  status: 'firing' | 'resolved',
  records: readonly NotificationRecord[],
  part: MessagePart,
): GroupHeaderView {
  return {
    status,
    count: records.length,
    countText: countText(records.length, 'alert'),
    severityEmoji: worstSeverity(records.map((record) => record.severity)).emoji,
    alertnames: alertnamesText(records),
    groupLabels: Object.keys(group.groupLabels)
      .sort()
      .map((name) => ({ name, value: group.groupLabels[name] ?? '' })),
    receiver: group.receiver,
    part: partView(part),
  };
}
