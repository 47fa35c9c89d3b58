import fc from 'fast-check';
import t from 'tap';
import { HISTORY_USAGE, parseHistoryArguments } from '../../../src/bot/arguments/history.js';

t.test('no arguments: the first page of everything', async (t) => {
  t.same(parseHistoryArguments(''), { ok: true, value: { page: 1 } });
  t.same(parseHistoryArguments('  '), { ok: true, value: { page: 1 } });
});

t.test('hosts have a colon or a dot; anything else is an alert name', async (t) => {
  t.same(parseHistoryArguments('web1:9100'), { ok: true, value: { filter: { label: 'instance', value: 'web1:9100' }, page: 1 } });
  t.same(parseHistoryArguments('db.example.net'), { ok: true, value: { filter: { label: 'instance', value: 'db.example.net' }, page: 1 } });
  t.same(parseHistoryArguments('10.0.0.7'), { ok: true, value: { filter: { label: 'instance', value: '10.0.0.7' }, page: 1 } });
  t.same(parseHistoryArguments('HostHighCpu'), { ok: true, value: { filter: { label: 'alertname', value: 'HostHighCpu' }, page: 1 } });
  t.same(parseHistoryArguments('"Disk almost full"'), { ok: true, value: { filter: { label: 'alertname', value: 'Disk almost full' }, page: 1 } });
});

t.test('pages', async (t) => {
  t.same(parseHistoryArguments('3'), { ok: true, value: { page: 3 } }, 'a lone number is a page');
  t.same(parseHistoryArguments('web1:9100 2'), { ok: true, value: { filter: { label: 'instance', value: 'web1:9100' }, page: 2 } });
  t.same(parseHistoryArguments('HostHighCpu 12'), { ok: true, value: { filter: { label: 'alertname', value: 'HostHighCpu' }, page: 12 } });
});

t.test('refusals', async (t) => {
  const cases: [string, RegExp][] = [
    ['0', /the page must be a whole number from 1, not "0"/],
    ['-2', /not "-2"/],
    ['web1:9100 0', /not "0"/],
    ['web1:9100 two', /not "two"/],
    ['web1:9100 1.5', /not "1\.5"/],
    ['web1:9100 99999999999999999999', /whole number/],
    ['a b c', /at most a host or alert name and a page number/],
    ['"" 2', /the host or alert name is empty/],
    ['"web', /double quote is not closed/],
  ];
  for (const [text, reason] of cases) t.match(parseHistoryArguments(text), { ok: false, usage: HISTORY_USAGE, reason }, text);
});

t.test('property: any page from 1 comes back', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (page) => {
        const result = parseHistoryArguments(`HostDown ${page}`);
        return result.ok && result.value.page === page;
      }),
    ),
  );
});
