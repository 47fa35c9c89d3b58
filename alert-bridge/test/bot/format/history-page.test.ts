import t from 'tap';
import { parseTelegramHtml } from '../../../../test/helpers/telegram-bot-api.js';
import { formatEmptyHistory, formatHistoryPage, formatPastLastPage } from '../../../src/bot/format/history-page.js';
import { makeRecord } from '../../history/records.js';

const visible = (html: string): string => {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.text;
};

t.test('each line: time (UTC), status emoji, alertname, instance, summary', async (t) => {
  const records = [
    makeRecord({ alertname: 'HostDown', instance: 'web1:9100', status: 'resolved', startsAt: '2026-11-23T14:00:00Z', endsAt: '2026-11-23T14:05:00Z', annotations: { summary: 'web1 is back' } }),
    makeRecord({ alertname: 'HighCpu', instance: 'db1:9100', severity: 'warning', startsAt: '2026-11-23T13:00:00.123456789Z', annotations: { summary: 'CPU\nat 97%' } }),
    makeRecord({ alertname: 'NoInstance', instance: '', severity: 'info', startsAt: '2026-11-23T12:00:00Z', annotations: {} }),
  ];
  t.equal(
    visible(formatHistoryPage({ filter: { label: 'instance', value: 'web1:9100' }, page: 2, records, hasOlder: true })),
    [
      'History · instance web1:9100 · page 2',
      'newest first, times UTC',
      '',
      '11-23 14:05 ✅ HostDown web1:9100 — web1 is back',
      '11-23 13:00 🟠 HighCpu db1:9100 — CPU at 97%',
      '11-23 12:00 🔵 NoInstance',
    ].join('\n'),
  );
});

t.test('escaped, and summaries cut', async (t) => {
  const record = makeRecord({ alertname: '<Alert>', instance: 'a&b', annotations: { summary: `<b>${'x'.repeat(200)}</b>` } });
  const text = visible(formatHistoryPage({ page: 1, records: [record], hasOlder: false }));
  t.match(text, '<Alert> a&b — <b>xxx');
  t.match(text, /…$/);
});

t.test('empty history and pages past the end', async (t) => {
  t.equal(visible(formatEmptyHistory(undefined)), 'No notifications stored yet.');
  t.equal(visible(formatEmptyHistory({ label: 'alertname', value: 'HostDown' })), 'No notifications stored for alertname HostDown.');
  t.equal(visible(formatPastLastPage({ label: 'alertname', value: 'HostDown' }, 3)), 'The history · alertname HostDown has 3 pages; /history HostDown 3 shows the last.');
  t.equal(visible(formatPastLastPage(undefined, 1)), 'The history has 1 page; /history 1 shows the last.');
});
