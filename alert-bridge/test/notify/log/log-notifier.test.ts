import t from 'tap';
import { groupNotification } from '../../../src/alertmanager/group.js';
import { recordsFromWebhook } from '../../../src/alertmanager/records.js';
import type { WebhookBody } from '../../../src/alertmanager/webhook-schema.js';
import { LogNotifier } from '../../../src/notify/log/index.js';
import { parseWebhookFixture } from '../../helpers/fixtures.js';
import { capturedLogger } from '../../helpers/log-capture.js';

t.test('one info line per alert group; nothing queued', async (t) => {
  const { logger, lines } = capturedLogger('info');
  const notifier = new LogNotifier(logger);
  const firing = (await parseWebhookFixture('firing-single.json')) as unknown as WebhookBody;
  const resolved = (await parseWebhookFixture('resolved-single.json')) as unknown as WebhookBody;
  const allNew = (body: WebhookBody, receivedAt: string) => {
    const records = recordsFromWebhook(body, receivedAt);
    return groupNotification(body, records, records.map((record) => record.id));
  };
  await notifier.enqueue([allNew(firing, '2026-11-22T12:28:41.000Z'), allNew(resolved, '2026-11-22T12:29:03.000Z')]);
  const logged = lines();
  t.equal(logged.length, 2);
  t.match(logged[0], {
    level: 30,
    msg: 'notification',
    notifier: 'log',
    receiver: 'bridge',
    status: 'firing',
    groupKey: '{}:{alertname="HostHighMemoryUsage"}',
    alerts: [{ alertname: 'HostHighMemoryUsage', instance: '127.0.0.1:19100', severity: 'warning', summary: 'Memory usage above threshold on 127.0.0.1:19100' }],
  });
  t.match(logged[1], { status: 'resolved', alerts: [{ alertname: 'HostDiskUsage', status: 'resolved' }] });
  t.equal(notifier.queueDepth(), 0);
  await notifier.close();
});

t.test('records the history already had are not logged again', async (t) => {
  const { logger, lines } = capturedLogger('info');
  const notifier = new LogNotifier(logger);
  const firing = (await parseWebhookFixture('firing-single.json')) as unknown as WebhookBody;
  await notifier.enqueue([groupNotification(firing, recordsFromWebhook(firing, '2026-11-22T12:28:41.000Z'), [])]);
  t.same(lines(), []);
});
