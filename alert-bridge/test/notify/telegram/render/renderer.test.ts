import fc from 'fast-check';
import t, { type Test } from 'tap';
import type { AlertGroupNotification } from '../../../../src/notify/notifier.js';
import { defaultRenderer, TELEGRAM_MESSAGE_LIMIT, type RenderedMessage } from '../../../../src/notify/telegram/render/index.js';
import { fixtureGroup, groupOf, HOSTILE_VALUES, NOW, webhookAlert, type AlertSpec } from './alerts.js';
import { silenceLinkLabels } from './matchers.js';
import { parseTelegramHtml, visibleText } from './telegram-html-checker.js';

const renderer = defaultRenderer();
const render = (group: AlertGroupNotification, alertmanagerUrl?: string): RenderedMessage[] =>
  renderer.renderGroup(group, alertmanagerUrl === undefined ? { now: NOW } : { now: NOW, alertmanagerUrl });

/** Every message fits and is balanced Telegram HTML. */
function checkMessages(t: Test, messages: readonly RenderedMessage[]): void {
  for (const message of messages) {
    t.ok(message.text.length <= TELEGRAM_MESSAGE_LIMIT, `${message.text.length} units`);
    t.doesNotThrow(() => parseTelegramHtml(message.text), 'balanced Telegram HTML');
    t.ok((message.text.match(/<[a-z]/g) ?? []).length <= 100, 'no more entities than Telegram applies');
  }
}

t.test('the firing fixture: severity, host, name, texts shown exactly, firing time, links', async (t) => {
  const group = await fixtureGroup('firing-single.json');
  const [record] = group.records;
  const messages = render(group);
  checkMessages(t, messages);
  t.equal(messages.length, 1);
  const [message] = messages;
  t.equal(message?.status, 'firing');
  t.same(message?.recordIds, [record?.id]);
  const parsed = parseTelegramHtml(message?.text ?? '');
  t.match(parsed.text, /^🟠 FIRING · 1 alert · HostHighMemoryUsage\n\n🟠 HostHighMemoryUsage on 127\.0\.0\.1:19100\n/);
  t.ok(parsed.text.includes('Memory usage above threshold on 127.0.0.1:19100'));
  t.ok(parsed.text.includes('Memory usage is 1.4% <b>&amp; test</b>'), 'the HTML in the description shows as written');
  t.ok(parsed.text.includes('Firing for 2h 3m, since 2026-11-22 12:28 UTC'));
  t.ok(parsed.text.includes('env=test · job=node'));
  const links = Object.fromEntries(parsed.links.map((link) => [link.text, link.href]));
  t.same(Object.keys(links), ['Graph', 'Silence']);
  t.equal(links.Graph, record?.generatorURL);
  t.match(links.Silence, /^http:\/\/vm:19093\/#\/silences\/new\?filter=/);
  t.same(silenceLinkLabels(links.Silence ?? ''), record?.labels);
});

t.test('the resolved fixture: a short message with how long it lasted', async (t) => {
  const group = await fixtureGroup('resolved-single.json');
  const messages = render(group);
  checkMessages(t, messages);
  t.equal(messages.length, 1);
  t.equal(messages[0]?.status, 'resolved');
  t.equal(visibleText(messages[0]?.text ?? ''), '✅ RESOLVED · 1 alert · HostDiskUsage\n\n✅ HostDiskUsage on 127.0.0.1:19100\nDisk / above threshold\nLasted 22s');
});

t.test('hostile label and annotation values show exactly as they are', async (t) => {
  for (const value of HOSTILE_VALUES) {
    const group = groupOf([
      {
        labels: { alertname: `Alert ${value}`, instance: `host ${value}`, extra: value },
        annotations: { summary: `S ${value}`, description: `D ${value}`, value: `V ${value}`, other: `O ${value}` },
      },
    ]);
    const [message] = render(group);
    checkMessages(t, message ? [message] : []);
    const text = visibleText(message?.text ?? '');
    for (const expected of [`Alert ${value}`, `host ${value}`, `extra=${value}`, `S ${value}`, `D ${value}`, `V ${value}`, `other: O ${value}`]) {
      t.ok(text.includes(expected), `shows ${JSON.stringify(expected)}`);
    }
    const silence = parseTelegramHtml(message?.text ?? '').links.find((link) => link.text === 'Silence');
    t.same(silenceLinkLabels(silence?.href ?? ''), group.records[0]?.labels, 'silence filter names the labels as they are');
  }
});

t.test('runbooks: http(s) linked, anything else shown as text and never linked', async (t) => {
  const linked = render(groupOf([{ annotations: { summary: 's', runbook_url: 'https://runbooks.example/host-down?x=1&y=2' } }]))[0];
  t.same(parseTelegramHtml(linked?.text ?? '').links[0], { href: 'https://runbooks.example/host-down?x=1&y=2', text: 'Runbook' });
  const script = render(groupOf([{ annotations: { summary: 's', runbook_url: 'javascript:alert("x")' } }]))[0];
  const parsed = parseTelegramHtml(script?.text ?? '');
  t.ok(parsed.text.includes('Runbook: javascript:alert("x")'));
  t.notOk(parsed.links.some((link) => !/^https?:/.test(link.href)), 'only http(s) links');
  t.same(parsed.links.map((link) => link.text), ['Graph', 'Silence']);
});

t.test('silences go to the configured Alertmanager when there is one, else to the webhook externalURL', async (t) => {
  const group = groupOf([{}], 'http://am-internal:9093');
  const silenceOf = (messages: RenderedMessage[]): string | undefined =>
    parseTelegramHtml(messages[0]?.text ?? '').links.find((link) => link.text === 'Silence')?.href;
  t.match(silenceOf(render(group)), /^http:\/\/am-internal:9093\/#\/silences\/new/);
  t.match(silenceOf(render(group, 'https://alerts.example/am/')), /^https:\/\/alerts\.example\/am\/#\/silences\/new/);
  t.equal(silenceOf(render(groupOf([{}], ''))), undefined, 'no Alertmanager, no silence link');
});

t.test('an emoji per severity', async (t) => {
  const cases: [string, string][] = [['critical', '🔴'], ['page', '🔴'], ['warning', '🟠'], ['info', '🔵'], ['', '⚪'], ['weird', '⚪']];
  for (const [severity, emoji] of cases) {
    const text = visibleText(render(groupOf([{ labels: { severity } }]))[0]?.text ?? '');
    t.ok(text.split('\n\n')[1]?.startsWith(`${emoji} HostDown`), `${severity || '(none)'} → ${emoji}`);
  }
  const mixed = visibleText(render(groupOf([{ labels: { severity: 'info' } }, { labels: { severity: 'warning', instance: 'b' } }]))[0]?.text ?? '');
  t.ok(mixed.startsWith('🟠 FIRING · 2 alerts'), 'the header shows the worst');
});

t.test('a group with both: firing messages first, then resolved ones; resolved is shorter', async (t) => {
  const same = { labels: { instance: 'db-1:9100' }, annotations: { summary: 'Database down', description: 'No scrape for 5 minutes', runbook_url: 'https://rb.example/db' } };
  const group = groupOf([{ ...same, status: 'resolved' }, same, { ...same, labels: { instance: 'db-2:9100' } }]);
  const messages = render(group);
  checkMessages(t, messages);
  t.same(messages.map((message) => message.status), ['firing', 'resolved']);
  const [resolvedRecord, firing1, firing2] = group.records;
  t.same(messages[0]?.recordIds, [firing1?.id, firing2?.id]);
  t.same(messages[1]?.recordIds, [resolvedRecord?.id]);
  t.ok(visibleText(messages[1]?.text ?? '').includes('Lasted 22s'));

  const firingAlone = render(groupOf([same]))[0]?.text ?? '';
  const resolvedAlone = render(groupOf([{ ...same, status: 'resolved' }]))[0]?.text ?? '';
  t.ok(resolvedAlone.length < firingAlone.length / 2, `resolved ${resolvedAlone.length} < firing ${firingAlone.length}`);
});

t.test('150 alerts arrive whole, in order, in several messages with a numbered header each', async (t) => {
  const specs: AlertSpec[] = Array.from({ length: 150 }, (_, i) => ({
    labels: { instance: `node-${String(i).padStart(3, '0')}:9100`, mountpoint: `/data/${i}` },
    annotations: { summary: `Disk /data/${i} is 95% full`, description: `Filesystem /data/${i} on node-${i} has 5% left` },
  }));
  const group = groupOf(specs);
  const messages = render(group);
  checkMessages(t, messages);
  t.ok(messages.length > 1, `${messages.length} messages`);
  messages.forEach((message, index) => {
    t.ok(visibleText(message.text).startsWith(`🔴 FIRING · 150 alerts · HostDown (${index + 1}/${messages.length})\n\n`));
  });
  const shown = messages.flatMap((message) => [...visibleText(message.text).matchAll(/HostDown on (node-\d{3}):9100/g)].map((match) => match[1]));
  t.same(shown, specs.map((_, i) => `node-${String(i).padStart(3, '0')}`), 'every alert once, in order');
  t.same(messages.flatMap((message) => message.recordIds), group.records.map((record) => record.id));
});

t.test('a 10,000-character description is cut inside its text, every piece balanced', async (t) => {
  const description = Array.from({ length: 2000 }, (_, i) => `w${i} <&>`).join(' ').slice(0, 10_000);
  const group = groupOf([{ annotations: { summary: 'long one', description } }, { labels: { instance: 'next:9100' } }]);
  const messages = render(group);
  checkMessages(t, messages);
  t.ok(messages.length >= 3);
  const quoted = messages
    .flatMap((message) => parseTelegramHtml(message.text).runs)
    .filter((run) => run.tags.includes('<blockquote expandable>'))
    .map((run) => run.text)
    .join('');
  t.equal(quoted, description, 'the whole description, in order, in its quote');
  t.ok(visibleText(messages.at(-1)?.text ?? '').includes('HostDown on next:9100'), 'the next alert follows');
  t.ok(messages.every((message) => message.recordIds.length >= 1));
});

t.test('rendering is a pure function of the group and the options', async (t) => {
  const group = groupOf([{}, { status: 'resolved', labels: { instance: 'b' } }]);
  t.same(render(group), render(group));
  t.same(render(groupOf([])), []);
  const later = renderer.renderGroup(group, { now: new Date(NOW.getTime() + 3 * 86_400_000) });
  t.ok(visibleText(later[0]?.text ?? '').includes('Firing for 3d 2h'));
});

t.test('property: random alerts with hostile and long values: messages fit, are balanced, and show every alert', async (t) => {
  const value = fc.oneof(
    fc.constantFrom(...HOSTILE_VALUES),
    fc.string({ maxLength: 30 }),
    fc.nat({ max: 5000 }).map((n) => '<&> "x" '.repeat(n).slice(0, n)),
  );
  const alert = fc.record({ instance: value, summary: value, description: value, extra: value, firing: fc.boolean() });
  fc.assert(
    fc.property(fc.array(alert, { minLength: 1, maxLength: 20 }), (alerts) => {
      const group = groupOf(
        alerts.map((spec, i) => ({
          status: spec.firing ? 'firing' : 'resolved',
          labels: { alertname: `Alert${i}`, instance: spec.instance, extra: spec.extra },
          annotations: { summary: spec.summary, description: spec.description },
        })),
      );
      const messages = render(group);
      for (const message of messages) {
        if (message.text.length > TELEGRAM_MESSAGE_LIMIT) throw new Error(`${message.text.length} units`);
        parseTelegramHtml(message.text);
      }
      const shownIds = new Set(messages.flatMap((message) => message.recordIds));
      if (shownIds.size !== group.records.length) throw new Error('an alert is missing');
      const all = messages.map((message) => visibleText(message.text)).join('\n');
      for (let i = 0; i < alerts.length; i++) if (!new RegExp(`(🔴|✅) Alert${i}\\b`).test(all)) throw new Error(`Alert${i} not shown`);
    }),
    { numRuns: 60 },
  );
  t.pass('60 random groups');
});

t.test('the webhook alert helper builds what Alertmanager sends', async (t) => {
  t.match(webhookAlert({ status: 'resolved' }), { status: 'resolved', endsAt: '2026-11-22T12:29:02.309Z' });
});
