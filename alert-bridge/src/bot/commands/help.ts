import { escapeHtml } from '../../notify/telegram/render/index.js';
import type { ChatCommand } from './command.js';

/** /help (and /start, Telegram's first message to a bot): every command with its one-line description. */
export function helpCommand(commands: () => readonly ChatCommand[]): ChatCommand {
  return {
    name: 'help',
    syntax: '/help',
    description: 'This list of commands',
    failure: 'show the help',
    async run({ reply }) {
      const lines = commands().map((command) => `${escapeHtml(command.syntax)} — ${escapeHtml(command.description)}`);
      await reply(['<b>Hostwatch bot</b>', ...lines].join('\n'));
    },
  };
}
