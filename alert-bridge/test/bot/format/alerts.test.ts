import t from 'tap';
import { parseTelegramHtml } from '../../../../test/helpers/telegram-bot-api.js';
import { formatFiringAlerts, MAX_LISTED_ALERTS } from '../../../src/bot/format/alerts.js';
import { gettableAlert } from '../fixtures/fake-alertmanager.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const visible = (html: string): string => {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.text;
};
const at = (iso: string) => new Date(iso);

t.test("this chat's alerts first, each list worst first, then newest", async (t) => {
  const alerts = [
    gettableAlert({ alertname: 'DiskFull', instance: 'db1:9100', severity: 'warning', team: 'db' }, 'Disk at 95%', at('2026-11-24T11:00:00Z')),
    gettableAlert({ alertname: 'HostDown', instance: 'web1:9100', severity: 'critical' }, 'web1 is down', at('2026-11-24T11:58:00Z')),
    gettableAlert({ alertname: 'HighCpu', instance: 'db2:9100', severity: 'critical', team: 'db' }, 'CPU at 99%', at('2026-11-24T09:30:00Z')),
  ];
  const text = visible(formatFiringAlerts(alerts, (a) => a.labels.team === 'db', NOW));
  t.equal(
    text,
    [
      'Firing now: 3',
      '',
      'Sent to this chat (2)',
      '🔴 HighCpu db2:9100 · 2h 30m — CPU at 99%',
      '🟠 DiskFull db1:9100 · 1h — Disk at 95%',
      '',
      'Elsewhere (1)',
      '🔴 HostDown web1:9100 · 2m — web1 is down',
    ].join('\n'),
  );
});

t.test('nothing for this chat, nothing at all', async (t) => {
  const alerts = [gettableAlert({ alertname: 'HostDown' }, '', at('2026-11-24T11:00:00Z'))];
  t.equal(visible(formatFiringAlerts(alerts, () => false, NOW)), 'Firing now: 1\n\nSent to other chats (1)\n⚪ HostDown · 1h');
  t.match(visible(formatFiringAlerts([], () => true, NOW)), /^✅ Nothing is firing/);
});

t.test('the list is capped and says how many more', async (t) => {
  const alerts = Array.from({ length: MAX_LISTED_ALERTS + 5 }, (_, i) => gettableAlert({ alertname: `A${i}`, instance: `<i>${i}</i>` }, 'x'.repeat(500)));
  const text = visible(formatFiringAlerts(alerts, (a) => a.labels.alertname === 'A0', NOW));
  t.match(text, `…and ${alerts.length - MAX_LISTED_ALERTS} more`);
  t.match(text, '<i>0</i>', 'label values are escaped');
  t.ok(text.length < 4096);
});
