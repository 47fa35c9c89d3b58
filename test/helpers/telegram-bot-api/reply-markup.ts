import type { InlineKeyboardMarkup, SendMessageParams } from 'node-telegram-bot-api';
import { badRequest } from './params.js';

export type ReplyMarkup = NonNullable<SendMessageParams['reply_markup']>;

/** Telegram's limit on callback_data, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;

const BUTTON_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
];

/** Checks reply_markup the way the Bot API does for the parts bots commonly get wrong. */
export function validateReplyMarkup(value: unknown, inlineOnly: boolean): ReplyMarkup | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  if ('inline_keyboard' in value) return validateInlineKeyboard(value as InlineKeyboardMarkup);
  if (inlineOnly) throw badRequest('inline keyboard expected');
  if ('keyboard' in value || 'remove_keyboard' in value || 'force_reply' in value) return value as ReplyMarkup;
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function validateInlineKeyboard(markup: InlineKeyboardMarkup): InlineKeyboardMarkup {
  const rows: unknown = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
  }
  for (const button of (rows as unknown[][]).flat()) {
    if (typeof button !== 'object' || button === null) throw badRequest("can't parse inline keyboard button: object expected");
    const fields = button as Record<string, unknown>;
    if (typeof fields.text !== 'string') {
      throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
    }
    if (!BUTTON_ACTIONS.some((action) => fields[action] !== undefined)) {
      throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
    }
    const data = fields.callback_data;
    if (data !== undefined && (typeof data !== 'string' || data === '' || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES)) {
      throw badRequest('BUTTON_DATA_INVALID');
    }
  }
  return markup;
}
