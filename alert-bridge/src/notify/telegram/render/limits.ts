/**
 * Telegram's cap on a sendMessage text. It applies to the text after entity parsing; counting the
 * UTF-16 units of the raw HTML is conservative, since tags vanish and entities shrink when parsed.
 */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** A header longer than this is cut, so that it can never leave a message without room for alerts. */
export const HEADER_LIMIT = 1024;

/** A digest section heading longer than this is cut, for the same reason. */
export const HEADING_LIMIT = 512;

/**
 * Telegram applies at most this many formatting entities of a message and silently ignores the rest
 * (tdlib/telegram-bot-api#820, rubenlagus/TelegramBots#854): a message holds no more alerts than their
 * tags allow.
 */
export const TELEGRAM_ENTITY_LIMIT = 100;
