import t from 'tap';
import type { AlertGroupNotification } from '../../../../src/notify/notifier.js';
import { truncateText } from '../../../../src/notify/telegram/render/digest-view.js';
import { defaultRenderer, TELEGRAM_MESSAGE_LIMIT } from '../../../../src/notify/telegram/render/index.js';
import { groupOf, NOW, type AlertSpec } from './alerts.js';
import { parseTelegramHtml, visibleText } from './telegram-html-checker.js';

const renderer = defaultRenderer();

/** 48 groups of 6 rules over many hosts: 312 firing, 175 resolved. */
function storm(): AlertGroupNotification[] {
  const rules = ['HostDown', 'DiskFull', 'HighLoad', 'MemoryLow', 'ClockSkew', 'NetworkErrors'];
  const groups: AlertGroupNotification[] = [];
  let firing = 312;
  let resolved = 175;
  for (let g = 0; g < 48; g++) {
    const alertname = rules[g % rules.length] ?? '';
    const specs: AlertSpec[] = [];
    const size = g < 47 ? 10 : firing + resolved;
    for (let i = 0; i < size; i++) {
      const status = firing > 0 && (i % 3 !== 2 || resolved === 0) ? 'firing' : 'resolved';
      if (status === 'firing') firing--;
      else resolved--;
      specs.push({
        status,
        labels: { alertname, instance: `g${g}-h${i}:9100`, severity: i % 2 ? 'warning' : 'critical' },
        annotations: { summary: `${alertname} on g${g}-h${i}: <${'detail '.repeat(i % 20)}>` },
      });
    }
    groups.push({ ...groupOf(specs), groupKey: `{}:{alertname="${alertname}",shard="${g}"}` });
  }
  return groups;
}

t.test('an alert storm: counts in the header, every alert on one line, grouped by alertname, split across messages', async (t) => {
  const groups = storm();
  const records = groups.flatMap((group) => group.records);
  t.equal(records.filter((record) => record.status === 'firing').length, 312);
  t.equal(records.length, 487);
  const messages = renderer.renderDigest(groups, { now: NOW });
  t.ok(messages.length > 1, `${messages.length} messages`);
  const firingIds = new Set(records.filter((record) => record.status === 'firing').map((record) => record.id));
  messages.forEach((message, index) => {
    t.ok(message.text.length <= TELEGRAM_MESSAGE_LIMIT);
    const text = parseTelegramHtml(message.text).text;
    t.ok(text.startsWith(`⚠️ Alert storm: 312 firing, 175 resolved in 48 groups (${index + 1}/${messages.length})\n\n`), text.slice(0, 80));
    t.equal(message.status, message.recordIds.some((id) => firingIds.has(id)) ? 'firing' : 'resolved');
  });
  const ids = messages.flatMap((message) => message.recordIds);
  t.equal(ids.length, records.length, 'every alert once');
  t.same(new Set(ids), new Set(records.map((record) => record.id)));

  const lines = messages.flatMap((message) => visibleText(message.text).split('\n'));
  for (const record of records) {
    const emoji = record.status === 'resolved' ? '✅' : record.severity === 'critical' ? '🔴' : '🟠';
    const line = lines.filter((l) => l.startsWith(`${emoji} ${record.status} · ${record.alertname} · ${record.instance} · `));
    t.equal(line.length, 1, `${record.instance} has its line`);
  }
  // Each section once (a message that continues one repeats its heading), the most firing first.
  const headings = [...new Set(lines.filter((line) => /^\S+ \w+ · \d+ (firing|resolved)/u.test(line)))];
  const expected = [...new Set(records.map((record) => record.alertname))]
    .map((alertname) => {
      const members = records.filter((record) => record.alertname === alertname);
      const firing = members.filter((record) => record.status === 'firing').length;
      return { firing, count: members.length, line: `🔴 ${alertname} · ${firing} firing, ${members.length - firing} resolved` };
    })
    .sort((a, b) => b.firing - a.firing || b.count - a.count)
    .map((section) => section.line);
  t.same(headings, expected);
});

t.test('a digest line keeps to one line and about 80 characters of summary', async (t) => {
  const summary = `first line\n${'x'.repeat(200)}`;
  const [message] = renderer.renderDigest([groupOf([{ annotations: { summary } }])], { now: NOW });
  const line = visibleText(message?.text ?? '').split('\n').at(-1) ?? '';
  t.equal(line, `🔴 firing · HostDown · host-1:9100 · first line ${'x'.repeat(68)}…`);
  t.equal(message?.status, 'firing');
  t.match(visibleText(message?.text ?? ''), /^⚠️ Alert storm: 1 firing, 0 resolved in 1 group\n\n🔴 HostDown · 1 firing\n/);
});

t.test('a digest of resolved alerts only is a resolved message', async (t) => {
  const messages = renderer.renderDigest([groupOf([{ status: 'resolved' }])], { now: NOW });
  t.same(messages.map((message) => message.status), ['resolved']);
  t.same(renderer.renderDigest([], { now: NOW }), []);
});

t.test('truncation counts characters as a reader sees them', async (t) => {
  t.equal(truncateText('short', 80), 'short');
  t.equal(truncateText('👨‍👩‍👧'.repeat(5), 3), '👨‍👩‍👧👨‍👩‍👧…');
  t.equal(truncateText('abcdef', 6), 'abcdef');
  t.equal(truncateText('abcdefg', 6), 'abcde…');
});
