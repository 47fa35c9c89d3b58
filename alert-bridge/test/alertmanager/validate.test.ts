import t from 'tap';
import { checkWebhook } from '../../src/alertmanager/validate.js';
import { parseWebhookFixture } from '../helpers/fixtures.js';
import { testAlert, testWebhook } from '../helpers/webhooks.js';

/** A copy without `key`, as JSON without the field would parse. */
function without<T extends object>(value: T, key: keyof T): T {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

const violation = (body: unknown): string | undefined => {
  const checked = checkWebhook(body);
  return 'violation' in checked ? checked.violation : undefined;
};

t.test("Alertmanager 0.25's captured bodies are valid", async (t) => {
  for (const name of ['firing-single.json', 'resolved-single.json'] as const) {
    const checked = checkWebhook(await parseWebhookFixture(name));
    t.ok('body' in checked, name);
  }
});

t.test('fields that newer versions add are accepted; truncatedAlerts is optional', async (t) => {
  const body = testWebhook([{ ...testAlert(), notification_reason: 'x' }], { routeLabels: { a: 'b' }, extra: [1, 2] });
  t.equal(violation(body), undefined);
  t.equal(violation(without(testWebhook([testAlert()]), 'truncatedAlerts')), undefined, 'without truncatedAlerts (older Alertmanager versions)');
});

t.test('errors name the path of the first problem', async (t) => {
  const good = testWebhook([testAlert(), testAlert()]);
  const cases: [unknown, string][] = [
    [[], '(top level): expected an object'],
    [without(good, 'version'), 'version: missing'],
    [{ ...good, version: 4 }, 'version: the value is not one of 4'],
    [{ ...good, status: 'pending' }, 'status: "pending" is not one of firing, resolved'],
    [{ ...good, alerts: {} }, 'alerts: expected an array'],
    [{ ...good, groupLabels: { a: 1 } }, 'groupLabels.a: expected a string'],
    [{ ...good, truncatedAlerts: -1 }, 'truncatedAlerts: must be at least 0'],
    [testWebhook([testAlert(), testAlert({ startsAt: '2026-11-22' })]), 'alerts[1].startsAt: expected an RFC 3339 date-time'],
    [testWebhook([testAlert({ endsAt: 'never' })]), 'alerts[0].endsAt: expected an RFC 3339 date-time'],
    [testWebhook([testAlert({ status: 'silenced' as 'firing' })]), 'alerts[0].status: "silenced" is not one of firing, resolved'],
    [testWebhook([without(testAlert(), 'fingerprint')]), 'alerts[0].fingerprint: missing'],
    [testWebhook([testAlert({ annotations: { 'summary text': null as never } })]), 'alerts[0].annotations["summary text"]: expected a string'],
  ];
  for (const [body, expected] of cases) t.equal(violation(body), expected, expected);
});
