import t from 'tap';
import { groupNotification } from '../../src/alertmanager/group.js';
import { recordsFromWebhook } from '../../src/alertmanager/records.js';
import type { WebhookBody } from '../../src/alertmanager/webhook-schema.js';
import { parseWebhookFixture } from '../helpers/fixtures.js';

t.test('one webhook is one alert group, carrying the records it is given', async (t) => {
  const body = (await parseWebhookFixture('resolved-single.json')) as unknown as WebhookBody;
  const records = recordsFromWebhook(body, '2026-11-22T12:29:03.000Z');
  const ids = records.map((record) => record.id);
  t.same(groupNotification(body, records, ids), {
    groupKey: '{}:{alertname="HostDiskUsage"}',
    receiver: 'bridge',
    status: 'resolved',
    groupLabels: { alertname: 'HostDiskUsage' },
    commonLabels: body.commonLabels,
    commonAnnotations: { summary: 'Disk / above threshold' },
    externalURL: 'http://vm:19093',
    records,
    newRecordIds: ids,
  });
  t.same(groupNotification(body, [], []).records, []);
});
