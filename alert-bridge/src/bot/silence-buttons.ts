import type { InlineKeyboardMarkup } from 'node-telegram-bot-api';

/** The durations a firing message offers, as button label and Alertmanager duration. */
export const SILENCE_BUTTONS = [
  { label: 'Silence 1h', duration: '1h', ms: 3_600_000 },
  { label: 'Silence 4h', duration: '4h', ms: 14_400_000 },
  { label: 'Silence 24h', duration: '24h', ms: 86_400_000 },
] as const;

const PREFIX = 'silence';

/**
 * The buttons under a firing message. Their callback data is only a random token (bound in the outbox
 * to the message's chat, message id and alerts) and a duration from the fixed list, well under
 * Telegram's 64 bytes; anything a client could forge finds no binding.
 */
export function silenceKeyboard(token: string): InlineKeyboardMarkup {
  return { inline_keyboard: [SILENCE_BUTTONS.map((button) => ({ text: button.label, callback_data: `${PREFIX}:${token}:${button.duration}` }))] };
}

/** The token and duration of a Silence button's callback data; undefined for anything else. */
export function parseSilenceCallback(data: string): { token: string; ms: number; duration: string } | undefined {
  const [prefix, token, duration, ...rest] = data.split(':');
  if (prefix !== PREFIX || token === undefined || !/^[\w-]{12}$/.test(token) || rest.length > 0) return undefined;
  const button = SILENCE_BUTTONS.find((candidate) => candidate.duration === duration);
  return button && { token, ms: button.ms, duration: button.duration };
}
