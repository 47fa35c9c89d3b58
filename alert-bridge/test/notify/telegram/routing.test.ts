import t from 'tap';
import { ConfigError } from '../../../src/config/config-error.js';
import { createRouting } from '../../../src/notify/telegram/routing.js';
import { groupOf } from '../../helpers/groups.js';
import { makeRecord } from '../../history/records.js';

const DEFAULT = { chatId: '111' };
const DB_TEAM = { chatId: '-100222', threadId: 5 };
const ONCALL = { chatId: '-100333' };

const routing = createRouting(
  [
    { matchers: ['team="db"'], destination: DB_TEAM, continue: true },
    { matchers: ['severity=~"critical|page"'], destination: ONCALL, continue: false },
    { matchers: ['team!=""'], destination: { chatId: '444' }, continue: false },
  ],
  DEFAULT,
);

t.test('the telegram_chat label wins, then routes in order with continue, then the default chat', async (t) => {
  t.same(routing.destinationsOf({ telegram_chat: '-100999:3', team: 'db' }), [{ chatId: '-100999', threadId: 3 }]);
  t.same(routing.destinationsOf({ team: 'db', severity: 'critical' }), [DB_TEAM, ONCALL], 'continue lets the next route match too');
  t.same(routing.destinationsOf({ team: 'db', severity: 'warning' }), [DB_TEAM, { chatId: '444' }]);
  t.same(routing.destinationsOf({ severity: 'page' }), [ONCALL]);
  t.same(routing.destinationsOf({ severity: 'pager' }), [DEFAULT], 'regexes are anchored');
  t.same(routing.destinationsOf({ telegram_chat: 'not a chat' }), [DEFAULT], 'a malformed label falls back');
  t.same(createRouting([], undefined).destinationsOf({}), [], 'no default chat: stored only');
});

t.test('a group is split by destination, records kept in order', async (t) => {
  const db = makeRecord({ instance: 'db1:9110', labels: { team: 'db' } });
  const web = makeRecord({ instance: 'web1:9110', severity: 'warning' });
  const db2 = makeRecord({ instance: 'db2:9110', labels: { team: 'db' }, severity: 'warning' });
  const split = routing.routeGroup(groupOf([db, web, db2]));
  t.same(
    split.map(({ destination, group }) => [destination, group.records.map((record) => record.instance)]),
    [
      [DB_TEAM, ['db1:9110', 'db2:9110']],
      [ONCALL, ['db1:9110']],
      [DEFAULT, ['web1:9110']],
      [{ chatId: '444' }, ['db2:9110']],
    ],
  );
});

t.test('a bad matcher in a route stops start-up, naming it', async (t) => {
  t.throws(() => createRouting([{ matchers: ['team'], destination: DEFAULT, continue: false }], undefined), new ConfigError('telegram_routes[0].matchers[0]', '"team" is not a matcher (expected e.g. team="db" or severity=~"critical|page")'));
  t.throws(() => createRouting([{ matchers: ['team=~"("'], destination: DEFAULT, continue: false }], undefined), { name: 'ConfigError', message: /telegram_routes\[0\]\.matchers\[0\].*regex/ });
});
