import t from 'tap';
import { alertmanagerBase, linkableUrl, matcherFilter, MAX_LINK_LENGTH, silenceUrl } from '../../../../src/notify/telegram/render/links.js';
import { HOSTILE_VALUES } from './alerts.js';
import { parseMatchers } from './matchers.js';

t.test('only absolute http(s) URLs become links', async (t) => {
  t.equal(linkableUrl('https://runbooks.example/disk full?a=1&b="2"'), 'https://runbooks.example/disk%20full?a=1&b=%222%22');
  t.equal(linkableUrl(' http://vm:19090/graph?g0.expr=up '), 'http://vm:19090/graph?g0.expr=up');
  for (const text of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'file:///etc/passwd', 'tg://resolve?domain=x', '/relative/path', 'runbooks/disk.md', '', 'data:text/html,<b>x</b>']) {
    t.equal(linkableUrl(text), undefined, text);
  }
  t.equal(linkableUrl(`https://x.example/${'a'.repeat(MAX_LINK_LENGTH)}`), undefined, 'too long to link');
});

t.test('the silence form is filled with every label, and its filter parses back to them', async (t) => {
  const labels: Record<string, string> = { alertname: 'HostDown', instance: 'host-1:9100', severity: 'critical' };
  HOSTILE_VALUES.forEach((value, i) => (labels[`hostile_${i}`] = value));
  const url = new URL(silenceUrl('http://alertmanager:9093', labels));
  t.equal(url.origin + url.pathname, 'http://alertmanager:9093/');
  const hash = /^#\/silences\/new\?filter=(.*)$/.exec(url.hash);
  t.ok(hash, url.hash);
  t.same(parseMatchers(decodeURIComponent(hash?.[1] ?? '')), labels);
  t.equal(matcherFilter({ b: 'x"y\\z', a: '1' }), '{a="1",b="x\\"y\\\\z"}', 'sorted by name, " and \\ escaped');
});

t.test('the configured Alertmanager wins over the one the webhook names', async (t) => {
  t.equal(alertmanagerBase('http://vm:19093', undefined), 'http://vm:19093');
  t.equal(alertmanagerBase('http://vm:19093/', ''), 'http://vm:19093');
  t.equal(alertmanagerBase('http://vm:19093', 'https://am.example/alertmanager/'), 'https://am.example/alertmanager');
  t.equal(alertmanagerBase('', undefined), undefined, 'no base, no silence link');
  t.equal(alertmanagerBase('javascript:x', undefined), undefined);
});
