import t from 'tap';
import type { Point } from '../../../src/history/influx/line-protocol.js';
import { fromRow, recordTags, storedTagValue, toPoints } from '../../../src/history/influx/schema.js';
import { rfc3339ToNanos } from '../../../src/history/influx/timestamp.js';
import { makeRecord } from '../records.js';

/** What `SELECT *` answers for a point: time, every tag key (null when absent) and every field. */
function rowOf(point: Point): Record<string, unknown> {
  const row: Record<string, unknown> = { time: 'ignored', alertname: null, instance: null, severity: null, status: null, exactTags: null };
  for (const [key, value] of Object.entries(point.tags)) row[key] = value === '' ? null : value;
  return { ...row, ...point.fields };
}

t.test('two points: four tags per host, status alone on the timeline; everything else a field; the time from the event and the slot', async (t) => {
  const record = makeRecord({ alertname: 'DiskFull', instance: 'web-1:9100', labels: { mountpoint: '/srv' }, startsAt: '2026-11-22T12:28:40.309Z' });
  const [host, timeline] = toPoints(record, 17);
  t.equal(host.measurement, 'notifications');
  t.same(host.tags, { alertname: 'DiskFull', instance: 'web-1:9100', severity: 'critical', status: 'firing' });
  t.equal(timeline.measurement, 'notifications_timeline');
  t.same(timeline.tags, { status: 'firing' });
  t.same(timeline.fields, { ...host.fields, severity: 'critical' }, 'severity as a field, to filter by');
  t.equal(timeline.time, host.time);
  t.same(Object.keys(host.fields).sort(), ['annotations', 'endsAt', 'exactTags', 'externalURL', 'fingerprint', 'generatorURL', 'groupKey', 'id', 'labels', 'receivedAt', 'receiver', 'startsAt']);
  t.equal(host.fields.labels, JSON.stringify(record.labels));
  t.equal(host.time, rfc3339ToNanos('2026-11-22T12:28:40.309000017Z'));
  const resolved = makeRecord({ status: 'resolved', startsAt: '2026-11-22T12:28:40.309Z', endsAt: '2026-11-22T12:29:02.309Z' });
  t.equal(toPoints(resolved, 0)[0].time, rfc3339ToNanos('2026-11-22T12:29:02.309Z'), 'a resolution is placed at endsAt');
  t.same(fromRow(rowOf(host)), record);
  t.same(fromRow(rowOf(timeline)), record, 'the timeline point reads back the same');
});

t.test('a missing instance or severity is an absent tag and reads back as empty', async (t) => {
  const record = makeRecord({ instance: '', severity: '' });
  const [point] = toPoints(record, 0);
  t.same(recordTags(record), { alertname: 'HostDown', instance: '', severity: '', status: 'firing' });
  t.same(fromRow(rowOf(point)), record);
});

t.test('tag values line protocol cannot carry are stored changed, and exactly in a field', async (t) => {
  t.equal(storedTagValue('web-1'), 'web-1');
  t.equal(storedTagValue('a\\b, c=d'), 'a\\b, c=d', 'escapable as it is');
  t.equal(storedTagValue('two\nlines'), 'two lines');
  t.equal(storedTagValue('C:\\temp\\'), 'C:/temp/');
  const record = makeRecord({ alertname: 'Odd\nName', instance: 'C:\\temp\\', severity: 'page' });
  const [point] = toPoints(record, 0);
  t.same(point.tags, { alertname: 'Odd Name', instance: 'C:/temp/', severity: 'page', status: 'firing' });
  t.same(JSON.parse(point.fields.exactTags as string), { alertname: 'Odd\nName', instance: 'C:\\temp\\', severity: 'page' });
  t.same(fromRow(rowOf(point)), record);
});

t.test('rows that are not ours fail loudly', async (t) => {
  const row = rowOf(toPoints(makeRecord(), 0)[0]);
  t.throws(() => fromRow({ ...row, status: 'pending' }), TypeError);
  t.throws(() => fromRow({ ...row, exactTags: '{}' }), TypeError);
  t.throws(() => fromRow({ ...row, id: 5 }), TypeError);
  t.throws(() => fromRow({ ...row, labels: 'not json' }), SyntaxError);
});
