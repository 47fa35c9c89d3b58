import t from 'tap';
import { recordId, recordsFromWebhook } from '../../src/alertmanager/records.js';
import { checkWebhook } from '../../src/alertmanager/validate.js';
import type { WebhookBody } from '../../src/alertmanager/webhook-schema.js';
import { parseWebhookFixture } from '../helpers/fixtures.js';
import { STARTS_AT, tenFilesystems, testAlert, testWebhook } from '../helpers/webhooks.js';

function valid(body: unknown): WebhookBody {
  const checked = checkWebhook(body);
  if (!('body' in checked)) throw new Error(checked.violation);
  return checked.body;
}

const RECEIVED = '2026-11-22T12:28:41.000Z';

t.test('a fixture becomes one record with every field', async (t) => {
  const [record, ...rest] = recordsFromWebhook(valid(await parseWebhookFixture('firing-single.json')), RECEIVED);
  t.equal(rest.length, 0);
  t.same(record, {
    id: recordId('firing', '2026-11-22T12:28:40.309Z', {
      alertname: 'HostHighMemoryUsage',
      env: 'test',
      instance: '127.0.0.1:19100',
      job: 'node',
      severity: 'warning',
    }),
    status: 'firing',
    alertname: 'HostHighMemoryUsage',
    instance: '127.0.0.1:19100',
    severity: 'warning',
    fingerprint: '465df784cea2cd3c',
    startsAt: '2026-11-22T12:28:40.309Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://vm:19090/graph?g0.expr=%281+-+node_memory_MemAvailable_bytes+%2F+node_memory_MemTotal_bytes%29+%2A+100+%3E+1&g0.tab=1',
    labels: { alertname: 'HostHighMemoryUsage', env: 'test', instance: '127.0.0.1:19100', job: 'node', severity: 'warning' },
    annotations: {
      description: 'Memory usage is 1.4% <b>&amp; test</b>',
      summary: 'Memory usage above threshold on 127.0.0.1:19100',
    },
    receiver: 'bridge',
    groupKey: '{}:{alertname="HostHighMemoryUsage"}',
    externalURL: 'http://vm:19093',
    receivedAt: RECEIVED,
  });
  t.match(record?.id, /^[0-9a-f]{32}$/);
});

t.test('alerts without instance or severity labels', async (t) => {
  const [record] = recordsFromWebhook(valid(testWebhook([testAlert({ labels: { alertname: 'Watchdog' } })])), RECEIVED);
  t.match(record, { alertname: 'Watchdog', instance: '', severity: '' });
});

t.test('ids: a redelivery is the same record', async (t) => {
  const body = valid(testWebhook(tenFilesystems()));
  const first = recordsFromWebhook(body, RECEIVED).map((record) => record.id);
  const again = recordsFromWebhook(valid(JSON.parse(JSON.stringify(body))), '2026-11-22T13:00:00.000Z').map((record) => record.id);
  t.same(again, first, 'received later: same ids');
  const reminder = valid(testWebhook(tenFilesystems().map((alert) => ({ ...alert, annotations: { summary: 'now 97%' }, fingerprint: 'other' }))));
  t.same(recordsFromWebhook(reminder, RECEIVED).map((record) => record.id), first, 'a repeat_interval reminder with re-rendered annotations: same ids');
});

t.test('ids: ten filesystems from one evaluation are ten records', async (t) => {
  const ids = recordsFromWebhook(valid(testWebhook(tenFilesystems())), RECEIVED).map((record) => record.id);
  t.equal(new Set(ids).size, 10);
});

t.test('ids: the firing and the resolution are two records; a later firing is a third', async (t) => {
  const labels = testAlert().labels;
  const firing = recordId('firing', STARTS_AT, labels);
  const resolved = recordId('resolved', STARTS_AT, labels);
  const again = recordId('firing', '2026-11-22T13:00:00Z', labels);
  t.equal(new Set([firing, resolved, again]).size, 3);
});

t.test('ids: label order and the spelling of startsAt do not matter; label values do', async (t) => {
  const a = recordId('firing', '2026-11-22T12:28:40.309Z', { alertname: 'X', instance: 'h:1' });
  t.equal(recordId('firing', '2026-11-22T12:28:40.309Z', { instance: 'h:1', alertname: 'X' }), a);
  t.equal(recordId('firing', '2026-11-22T14:28:40.309000+02:00', { alertname: 'X', instance: 'h:1' }), a);
  t.not(recordId('firing', '2026-11-22T12:28:40.309Z', { alertname: 'X', instance: 'h:2' }), a);
  t.not(recordId('firing', '2026-11-22T12:28:40.309Z', { alertname: 'X', instance: 'h:1', extra: '' }), a, 'an extra label, even empty');
  t.not(recordId('firing', '2026-11-22T12:28:40.309Z', { 'alertname="X",instance': 'h:1' }), a, 'no separator tricks');
});
