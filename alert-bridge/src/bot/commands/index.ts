import type { BotCommand } from 'node-telegram-bot-api';
import { alertsCommand } from './alerts.js';
import type { ChatCommand } from './command.js';
import { helpCommand } from './help.js';
import { historyCommand } from './history.js';
import { silenceCommand } from './silence.js';
import { statusCommand } from './status.js';
import { unsilenceCommand } from './unsilence.js';

export type { ChatCommand, CommandContext } from './command.js';

/** The bot's commands, in the order /help and Telegram's command menu show them. */
export const COMMANDS: readonly ChatCommand[] = [
  statusCommand,
  alertsCommand,
  historyCommand,
  silenceCommand,
  unsilenceCommand,
  helpCommand(() => COMMANDS),
];

/** /start is what Telegram sends when someone opens the bot; it answers like /help but is not listed. */
const ALIASES: Readonly<Record<string, string>> = { start: 'help' };

export function findCommand(name: string): ChatCommand | undefined {
  const wanted = ALIASES[name] ?? name;
  return COMMANDS.find((command) => command.name === wanted);
}

/** The list for setMyCommands: the same names and descriptions as /help. */
export function botCommandList(): BotCommand[] {
  return COMMANDS.map((command) => ({ command: command.name, description: command.description }));
}
