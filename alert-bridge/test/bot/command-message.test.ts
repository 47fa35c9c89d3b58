import t from 'tap';
import { parseCommandMessage } from '../../src/bot/command-message.js';

const command = (text: string, length = text.split(/\s/)[0]?.length ?? 0, offset = 0) => ({
  text,
  entities: [{ type: 'bot_command', offset, length }],
});

t.test('a command at the start, with its arguments', async (t) => {
  t.same(parseCommandMessage(command('/status web1:9100'), 'HostwatchBot'), { name: 'status', args: 'web1:9100' });
  t.same(parseCommandMessage(command('/history'), 'HostwatchBot'), { name: 'history', args: '' });
  t.same(parseCommandMessage(command('/silence  alertname=X 1h  a comment '), 'HostwatchBot'), { name: 'silence', args: 'alertname=X 1h  a comment' });
});

t.test('addressed to this bot, in any case; to another bot, ignored', async (t) => {
  t.same(parseCommandMessage(command('/Status@hostwatchbot web1'), 'HostwatchBot'), { name: 'status', args: 'web1' });
  t.equal(parseCommandMessage(command('/status@OtherBot'), 'HostwatchBot'), undefined);
});

t.test('no command entity at offset 0: not a command', async (t) => {
  t.equal(parseCommandMessage({ text: '/status' }, 'HostwatchBot'), undefined, 'Telegram marks commands; unmarked text is not one');
  t.equal(parseCommandMessage(command('what does /status say', 7, 10), 'HostwatchBot'), undefined);
  t.equal(parseCommandMessage({ text: 'hello', entities: [{ type: 'bold', offset: 0, length: 5 }] }, 'HostwatchBot'), undefined);
  t.equal(parseCommandMessage({ entities: [] }, 'HostwatchBot'), undefined);
});
