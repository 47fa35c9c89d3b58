import t from 'tap';
import { parseUnsilenceArguments, UNSILENCE_USAGE } from '../../../src/bot/arguments/unsilence.js';

const ID = '3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97';

t.test('a silence id', async (t) => {
  t.same(parseUnsilenceArguments(ID), { ok: true, value: { silenceId: ID } });
  t.same(parseUnsilenceArguments(`  ${ID}\n`), { ok: true, value: { silenceId: ID } });
  t.same(parseUnsilenceArguments(ID.toUpperCase()), { ok: true, value: { silenceId: ID } }, 'lower-cased, as Alertmanager stores it');
  t.same(parseUnsilenceArguments(`"${ID}"`), { ok: true, value: { silenceId: ID } });
});

t.test('anything else is refused with the usage', async (t) => {
  const cases: [string, RegExp][] = [
    ['', /give the id of the silence to end/],
    [`${ID} ${ID}`, /give one silence id only/],
    ['3f8a2c41', /"3f8a2c41" is not a silence id/],
    [`${ID}0`, /is not a silence id/],
    [ID.replace(/-/g, ''), /is not a silence id/],
    [ID.replace('3', 'g'), /is not a silence id/],
    ['"unclosed', /double quote is not closed/],
  ];
  for (const [text, reason] of cases) {
    const result = parseUnsilenceArguments(text);
    t.match(result, { ok: false, usage: UNSILENCE_USAGE, reason }, text);
  }
});
