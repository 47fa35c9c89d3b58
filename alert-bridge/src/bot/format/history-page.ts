import type { HistoryFilter as HistoryArgumentsFilter } from '../arguments/index.js';
import type { NotificationRecord } from '../../history/record.js';
import { eventTime } from '../../history/store.js';
import { escapeHtml } from '../../notify/telegram/render/index.js';
import { severityLook } from '../../notify/telegram/render/severity.js';
import { oneLine, truncate } from './text.js';
import { utcShort } from './time.js';

export const HISTORY_PAGE_SIZE = 10;
const SUMMARY_LENGTH = 60;
export const RESOLVED_EMOJI = '✅';

export interface HistoryPageView {
  readonly filter?: HistoryArgumentsFilter;
  /** 1 for the newest. */
  readonly page: number;
  readonly records: readonly NotificationRecord[];
  readonly hasOlder: boolean;
}

/** `11-23 14:05 🔴 <b>HostHighCpu</b> web1:9100 — CPU at 97%` (firing: the severity's emoji; resolved: ✅). */
function historyLine(record: NotificationRecord): string {
  const emoji = record.status === 'firing' ? severityLook(record.severity).emoji : RESOLVED_EMOJI;
  const summary = oneLine(record.annotations.summary ?? record.annotations.description ?? '');
  return [
    `<code>${utcShort(eventTime(record))}</code> ${emoji} <b>${escapeHtml(record.alertname)}</b>`,
    record.instance ? ` ${escapeHtml(record.instance)}` : '',
    summary ? ` — ${escapeHtml(truncate(summary, SUMMARY_LENGTH))}` : '',
  ].join('');
}

const filterText = (filter: HistoryArgumentsFilter | undefined): string => (filter ? ` · ${filter.label} ${escapeHtml(filter.value)}` : '');

/** One page of /history: newest first, times in UTC (a firing's start, a resolution's end). */
export function formatHistoryPage(view: HistoryPageView): string {
  const heading = `<b>History</b>${filterText(view.filter)} · page ${view.page}`;
  return [heading, 'newest first, times UTC', '', ...view.records.map(historyLine)].join('\n');
}

/** Nothing stored, or nothing for this filter. */
export function formatEmptyHistory(filter: HistoryArgumentsFilter | undefined): string {
  return filter
    ? `No notifications stored for ${filter.label} <code>${escapeHtml(filter.value)}</code>.`
    : 'No notifications stored yet.';
}

/** Asked for a page past the last one. */
export function formatPastLastPage(filter: HistoryArgumentsFilter | undefined, lastPage: number): string {
  const command = `/history${filter ? ` ${escapeHtml(filter.value)}` : ''} ${lastPage}`;
  return `The history${filterText(filter)} has ${lastPage} page${lastPage === 1 ? '' : 's'}; ${command} shows the last.`;
}
