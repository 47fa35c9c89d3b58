import t from 'tap';
import { parseNotificationsQuery } from '../../src/api/notifications-query.js';

t.test('every filter, the limit and the cursor', async (t) => {
  t.same(parseNotificationsQuery({}), { filter: {}, limit: 100 });
  t.same(
    parseNotificationsQuery({
      alertname: 'HostDown',
      instance: 'web1:9110',
      severity: 'critical',
      status: 'resolved',
      since: '2026-11-01T00:00:00Z',
      until: '2026-11-02T00:00:00+01:00',
      limit: '1000',
      cursor: 'abc',
    }),
    {
      filter: { alertname: 'HostDown', instance: 'web1:9110', severity: 'critical', status: 'resolved', since: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00+01:00' },
      limit: 1000,
      cursor: 'abc',
    },
  );
  t.same(parseNotificationsQuery({ limit: '1', instance: '' }), { filter: { instance: '' }, limit: 1 }, 'an empty instance selects alerts without one');
});

t.test('bad parameters are named', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ status: 'pending' }, 'status: "pending" is not one of firing, resolved'],
    [{ since: 'yesterday' }, 'since: expected an RFC 3339 date-time'],
    [{ until: '2026-11-01' }, 'until: expected an RFC 3339 date-time'],
    [{ since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' }, 'until: must be later than since'],
    [{ limit: '0' }, 'limit: must be at least 1'],
    [{ limit: '1001' }, 'limit: must be at most 1000'],
    [{ limit: '2.5' }, 'limit: expected an integer'],
    [{ limit: '-1' }, 'limit: expected an integer'],
    [{ limit: '' }, 'limit: expected an integer'],
    [{ limit: '99999999999' }, 'limit: expected an integer'],
    [{ cursor: '' }, 'cursor: must not be empty'],
    [{ alertname: ['a', 'b'] }, 'alertname: expected a string'],
    [{ alert: 'x' }, 'alert: unknown key (known keys: alertname, instance, severity, status, since, until, limit, cursor)'],
  ];
  for (const [query, violation] of cases) t.same(parseNotificationsQuery(query), { violation }, violation);
});
