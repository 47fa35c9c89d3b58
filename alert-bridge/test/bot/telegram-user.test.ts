import t from 'tap';
import { silenceCreator, userLabel } from '../../src/bot/telegram-user.js';

t.test('people by username, else by name, and silences with the id too', async (t) => {
  t.equal(userLabel({ id: 1, is_bot: false, first_name: 'Alice', username: 'alice' }), '@alice');
  t.equal(userLabel({ id: 2, is_bot: false, first_name: 'Bob', last_name: 'Builder' }), 'Bob Builder');
  t.equal(silenceCreator({ id: 3, is_bot: false, first_name: 'Carol' }), 'Carol (tg:3)');
  t.equal(silenceCreator({ id: 1, is_bot: false, first_name: 'Alice', username: 'alice' }), '@alice (tg:1)');
});
