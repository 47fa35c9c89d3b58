// A fake Telegram Bot API for tests: node-telegram-bot-api (or the bridge) talks to it through apiRoot.
// The parts live in ./telegram-bot-api/; this is the public surface.
export { startFakeBotApi, type FakeBotApi, type FakeBotApiOptions, type WaitOptions } from './telegram-bot-api/fake-bot-api.js';
export type { ChatType, FakeMessage, FakeMessageVersion } from './telegram-bot-api/chats.js';
export type { Fault } from './telegram-bot-api/faults.js';
export type { FakeRequest } from './telegram-bot-api/http-server.js';
export type { FakeCallbackAnswer } from './telegram-bot-api/methods.js';
export { parseTelegramHtml, type ParsedEntity, type TelegramHtmlResult } from './telegram-bot-api/html.js';
export { MAX_MESSAGE_LENGTH } from './telegram-bot-api/message-text.js';
export { MAX_CALLBACK_DATA_BYTES } from './telegram-bot-api/reply-markup.js';
export { DEFAULT_RATE_LIMITS, type RateLimits, type RateLimitViolation } from './telegram-bot-api/rate-limits.js';
export type { UpdateState } from './telegram-bot-api/updates.js';
export type { ButtonPressInput, EditedMessageInput, UserMessageInput } from './telegram-bot-api/user-actions.js';
