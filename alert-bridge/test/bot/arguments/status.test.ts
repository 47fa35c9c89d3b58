import t from 'tap';
import { parseStatusArguments, STATUS_USAGE } from '../../../src/bot/arguments/status.js';

t.test('every host, or one', async (t) => {
  t.same(parseStatusArguments(''), { ok: true, value: {} });
  t.same(parseStatusArguments(' web1:9100 '), { ok: true, value: { host: 'web1:9100' } });
  t.same(parseStatusArguments('"web1:9100"'), { ok: true, value: { host: 'web1:9100' } });
});

t.test('refusals', async (t) => {
  t.match(parseStatusArguments('web1 web2'), { ok: false, usage: STATUS_USAGE, reason: /at most one host/ });
  t.match(parseStatusArguments('""'), { ok: false, usage: STATUS_USAGE, reason: /the host is empty/ });
  t.match(parseStatusArguments('"web1'), { ok: false, usage: STATUS_USAGE, reason: /double quote is not closed/ });
});
