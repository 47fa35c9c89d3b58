import t from 'tap';
import type { Point } from '../../../src/history/influx/line-protocol.js';
import { fromRow, recordTags, storedTagValue, toPoints } from '../../../src/history/influx/schema.js';
import { rfc3339ToNanos } from '../../../src/history/influx/timestamp.js';
import { makeRecord } from '../records.js';

/** What `SELECT *` answers for a point: time, the tags and the fields. */
const rowOf = (point: Point): Record<string, unknown> => ({ time: 'ignored', ...point.tags, ...point.fields });

t.test('three points: per host, per alertname, a timeline; the record whole; the time from the event and the slot', async (t) => {
  const record = makeRecord({ alertname: 'DiskFull', instance: 'web-1:9100', labels: { mountpoint: '/srv' }, startsAt: '2026-11-22T12:28:40.309Z' });
  const [host, byAlertname, timeline] = toPoints(record, 17);
  t.same(
    [host, byAlertname, timeline].map((p) => [p.measurement, p.tags]),
    [
      ['notifications', { alertname: 'DiskFull', instance: 'web-1:9100', severity: 'critical', status: 'firing' }],
      ['notifications_by_alertname', { alertname: 'DiskFull', status: 'firing' }],
      ['notifications_timeline', { status: 'firing' }],
    ],
  );
  t.same(host.fields, { id: record.id, record: JSON.stringify(record) });
  t.same(timeline.fields, { ...host.fields, severity: 'critical' }, 'severity as a field where it is no tag');
  t.same(byAlertname.fields, timeline.fields);
  t.same(new Set([host.time, byAlertname.time, timeline.time]).size, 1, 'one time for all three');
  t.equal(host.time, rfc3339ToNanos('2026-11-22T12:28:40.309000017Z'));
  const resolved = makeRecord({ status: 'resolved', startsAt: '2026-11-22T12:28:40.309Z', endsAt: '2026-11-22T12:29:02.309Z' });
  t.equal(toPoints(resolved, 0)[0].time, rfc3339ToNanos('2026-11-22T12:29:02.309Z'), 'a resolution is placed at endsAt');
  for (const point of [host, byAlertname, timeline]) t.same(fromRow(rowOf(point)), record, point.measurement);
});

t.test('only the record is stored, whatever else the object carries', async (t) => {
  const record = makeRecord();
  const [host] = toPoints({ ...record, extra: 'not ours' } as typeof record, 0);
  t.same(JSON.parse(host.fields.record as string), record);
});

t.test('a missing instance or severity is an absent tag, and an empty value in the record', async (t) => {
  const record = makeRecord({ instance: '', severity: '' });
  t.same(recordTags(record), { alertname: 'HostDown', instance: '', severity: '', status: 'firing' });
  const [host, , timeline] = toPoints(record, 0);
  t.equal(timeline.fields.severity, '', 'an empty severity field, which a filter for "" finds');
  t.same(fromRow(rowOf(host)), record);
});

t.test('tag values line protocol cannot carry are stored changed; the record keeps them exactly', async (t) => {
  t.equal(storedTagValue('web-1'), 'web-1');
  t.equal(storedTagValue('a\\b, c=d'), 'a\\b, c=d', 'escapable as it is');
  t.equal(storedTagValue('two\nlines'), 'two lines');
  t.equal(storedTagValue('C:\\temp\\'), 'C:/temp/');
  const record = makeRecord({ alertname: 'Odd\nName', instance: 'C:\\temp\\', severity: 'page' });
  const [host] = toPoints(record, 0);
  t.same(host.tags, { alertname: 'Odd Name', instance: 'C:/temp/', severity: 'page', status: 'firing' });
  t.same(fromRow(rowOf(host)), record);
});

t.test('rows that are not ours fail loudly', async (t) => {
  t.throws(() => fromRow({ time: 'x', id: 'a' }), TypeError);
  t.throws(() => fromRow({ record: '{"id":"a","status":"pending"}' }), TypeError);
  t.throws(() => fromRow({ record: '{"status":"firing"}' }), TypeError);
  t.throws(() => fromRow({ record: 'not json' }), SyntaxError);
});
