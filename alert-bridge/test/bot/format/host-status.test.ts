import t from 'tap';
import { parseTelegramHtml } from '../../../../test/helpers/telegram-bot-api.js';
import { findHosts, formatHostDetail, formatHostStatus, MAX_STATUS_HOSTS } from '../../../src/bot/format/host-status.js';
import type { HostStatus } from '../../../src/upstream/index.js';

const usage = (percent: number | undefined, threshold = 75) => ({ ...(percent === undefined ? {} : { percent }), threshold, over: (percent ?? 0) > threshold });

const host = (instance: string, cpu?: number, memory?: number, disk?: number, extra: Partial<HostStatus> = {}): HostStatus => ({
  instance,
  up: true,
  cpu: usage(cpu),
  memory: usage(memory),
  disk: { ...usage(disk), mountpoint: '/' },
  ...extra,
});

/** The visible text, as Telegram would show it; throws on HTML Telegram would refuse. */
const visible = (html: string): string => {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.text;
};

t.test('one line per host, in the given order, with what is over its threshold marked', async (t) => {
  const text = visible(
    formatHostStatus([
      { ...host('web1:9100'), up: false },
      host('db1:9100', 91.2, 40, 80),
      host('web2:9100', 5, 30.4, 12),
    ]),
  );
  t.equal(
    text,
    [
      'Hosts: 3 · 1 down · 1 over threshold',
      '🔴 web1:9100  down',
      '🟠 db1:9100  CPU 91%⚠️ · Mem 40% · Disk 80%⚠️',
      '🟢 web2:9100  CPU 5% · Mem 30% · Disk 12%',
      '',
      '⚠️ over threshold: CPU >75% · Mem >75% · Disk >75%',
    ].join('\n'),
  );
});

t.test('values over the threshold are bold, and keep a decimal when rounding would hide it', async (t) => {
  const html = formatHostStatus([host('db1:9100', 75.4, 10, 10)]);
  t.match(html, '<b>CPU 75.4%</b>⚠️');
});

t.test('all fine, missing readings, and thresholds that differ per host', async (t) => {
  t.equal(visible(formatHostStatus([host('a:1', 1, 2, undefined)])), 'Hosts: 1, all within thresholds\n🟢 a:1  CPU 1% · Mem 2% · Disk –');
  const mixed = visible(formatHostStatus([host('a:1', 99, 2, 3), { ...host('b:1', 1, 2, 3), cpu: usage(1, 90) }]));
  t.match(mixed, "⚠️ over the host's threshold; /status <host> shows them");
  t.match(visible(formatHostStatus([])), /knows no hosts/);
});

t.test('names are escaped', async (t) => {
  const html = formatHostStatus([host('<b>evil</b>&co', 1, 1, 1)]);
  t.match(visible(html), '<b>evil</b>&co');
});

t.test('a long list is cut, and says how many more', async (t) => {
  const hosts = Array.from({ length: MAX_STATUS_HOSTS + 7 }, (_, i) => host(`host-${i}.example.com:9100`, 1, 1, 1));
  const text = visible(formatHostStatus(hosts));
  t.equal(text.split('\n').filter((line) => line.startsWith('🟢')).length, MAX_STATUS_HOSTS);
  t.match(text, '…and 7 more; /status <host> shows one');
  t.ok(text.length < 4096);
});

t.test('one host in full', async (t) => {
  const text = visible(formatHostDetail(host('db1:9100', 91, 40, 12, { uptimeSeconds: 3 * 86400 + 4 * 3600, disk: { ...usage(12, 90), mountpoint: '/var' } })));
  t.equal(text, ['🟠 db1:9100 · up 3d 4h', 'CPU 91%⚠️ · threshold 75%', 'Mem 40% · threshold 75%', 'Disk 12% on /var · threshold 90%'].join('\n'));
  t.match(visible(formatHostDetail({ ...host('web1:9100'), up: false })), '🔴 web1:9100 · down: Prometheus cannot scrape it');
});

t.test('a host is its instance, or every instance of that name', async (t) => {
  const hosts = [host('web1:9100'), host('web1:9256'), host('web10:9100')];
  t.same(findHosts(hosts, 'web1:9100').map((h) => h.instance), ['web1:9100']);
  t.same(findHosts(hosts, 'WEB1').map((h) => h.instance), ['web1:9100', 'web1:9256']);
  t.same(findHosts(hosts, 'web'), []);
});
