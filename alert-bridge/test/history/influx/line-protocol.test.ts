import { escape } from 'influx';
import t from 'tap';
import { formatLine, isExactTagValue } from '../../../src/history/influx/line-protocol.js';

// InfluxDB 1.x's reading rules (models/points.go), to check what a line means without a server:
// tag values unescape only `\,` `\=` `\ `; string fields only `\"` and `\\`.
const unescapeTag = (text: string): string => text.replace(/\\([,= ])/g, '$1');
const unescapeField = (text: string): string => text.replace(/\\(["\\])/g, '$1');

t.test('escapes tags, fields and keys the way InfluxDB 1.x reads them', async (t) => {
  const line = formatLine({
    measurement: 'notifications',
    tags: { status: 'firing', instance: 'host a,b=c', alertname: 'Disk Full' },
    fields: { id: 'x', labels: '{"a":"q\\"uote\\\\ and \'single\' \\\' = ,"}' },
    time: 1714557600123000007n,
  });
  t.equal(
    line,
    'notifications,alertname=Disk\\ Full,instance=host\\ a\\,b\\=c,status=firing id="x",labels="{\\"a\\":\\"q\\\\\\"uote\\\\\\\\ and \'single\' \\\\\' = ,\\"}" 1714557600123000007',
  );
  const fieldText = /labels="(.*)" \d+$/.exec(line)?.[1] ?? '';
  t.equal(unescapeField(fieldText), '{"a":"q\\"uote\\\\ and \'single\' \\\' = ,"}', 'the field reads back exactly');
  t.equal(unescapeTag('host\\ a\\,b\\=c'), 'host a,b=c');
});

t.test('leaves out empty tags, keeps line breaks inside fields, sorts tag keys', async (t) => {
  const line = formatLine({ measurement: 'm', tags: { b: '2', instance: '', a: '1' }, fields: { f: 'two\nlines' }, time: 5n });
  t.equal(line, 'm,a=1,b=2 f="two\nlines" 5');
});

t.test('refuses what line protocol cannot carry', async (t) => {
  t.throws(() => formatLine({ measurement: 'm', tags: {}, fields: {}, time: 1n }), RangeError);
  t.throws(() => formatLine({ measurement: 'm', tags: { a: 'ends in \\' }, fields: { f: 'x' }, time: 1n }), RangeError);
  for (const value of ['plain', 'a\\b', 'C:\\path\\to', 'spaces and, commas=fine', '🔥', 'a\\\\b'])
    t.ok(isExactTagValue(value), JSON.stringify(value));
  for (const value of ['line\nbreak', 'cr\r', 'ends\\', 'a\\ b', 'a\\,b', 'a\\=b', '\\'])
    t.notOk(isExactTagValue(value), JSON.stringify(value));
});

t.test('why not the influx package: its escaping corrupts these values (influx@5.12)', async (t) => {
  // Tag values: a trailing backslash is left as it is and then escapes the delimiter after it.
  t.equal(escape.tag('ends\\'), 'ends\\');
  // String fields (writePoints quotes them with escape.quoted): the first `\'` gains a backslash.
  const quoted = escape.quoted("it\\'s");
  t.not(unescapeField(quoted.slice(1, -1)), "it\\'s");
  // Ours reads back exactly.
  const line = formatLine({ measurement: 'm', tags: {}, fields: { f: "it\\'s" }, time: 1n });
  t.equal(unescapeField(/f="(.*)" 1$/.exec(line)?.[1] ?? ''), "it\\'s");
});
