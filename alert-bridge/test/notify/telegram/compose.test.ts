import t from 'tap';
import { telegramCompose } from '../../../src/notify/telegram/compose.js';
import { defaultRenderer, type MessageRenderer } from '../../../src/notify/telegram/render/index.js';
import { groupOf, hosts } from '../../helpers/groups.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { makeRecord } from '../../history/records.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const broken: MessageRenderer = {
  renderGroup: () => {
    throw new Error('template bug');
  },
  renderDigest: () => {
    throw new Error('template bug');
  },
};

t.test('firing messages of one group carry Silence bindings for exactly their firing alerts', async (t) => {
  const compose = telegramCompose({ renderer: defaultRenderer(), fallback: defaultRenderer(), silenceButtons: true, logger: capturedLogger('silent').logger });
  const firing = hosts(2);
  const resolved = makeRecord({ alertname: 'HostHighCpu', instance: 'web9:9110', status: 'resolved' });
  const parts = compose([groupOf([...firing, resolved])], 'group', NOW);
  const firingPart = parts.find((part) => part.status === 'firing');
  t.same(firingPart?.silence?.map((record) => record.id), firing.map((record) => record.id));
  t.equal(parts.find((part) => part.status === 'resolved')?.silence, undefined, 'no buttons on a resolution');
  t.ok(compose([groupOf(firing), groupOf(hosts(1, 'db'))], 'digest', NOW).every((part) => part.silence === undefined), 'none on a digest');
  const withoutAlertmanager = telegramCompose({ renderer: defaultRenderer(), fallback: defaultRenderer(), silenceButtons: false, logger: capturedLogger('silent').logger });
  t.ok(withoutAlertmanager([groupOf(firing)], 'group', NOW).every((part) => part.silence === undefined), 'none without ALERTMANAGER_URL');
});

t.test('a template that throws falls back to the default; if that throws too, to escaped plain lines', async (t) => {
  const { logger, lines } = capturedLogger('error');
  const records = [makeRecord({ alertname: 'Disk<Full>', instance: 'a&b:9110' })];
  const viaDefault = telegramCompose({ renderer: broken, fallback: defaultRenderer(), silenceButtons: false, logger })([groupOf(records)], 'group', NOW);
  t.match(viaDefault[0]?.text, /Disk&lt;Full&gt;/);
  const plain = telegramCompose({ renderer: broken, fallback: broken, silenceButtons: false, logger })([groupOf(records)], 'group', NOW);
  t.same(plain.map((part) => part.recordIds), [[records[0]?.id]]);
  t.match(plain[0]?.text, /^FIRING Disk&lt;Full&gt; a&amp;b:9110/);
  t.equal(lines().length, 3, 'each failure logged');
});
