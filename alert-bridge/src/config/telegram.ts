import { ConfigError } from './config-error.js';

/** Where a message goes: a chat, and in a forum supergroup one of its topics. */
export interface TelegramDestination {
  /** Text: supergroup ids (-100…) do not all fit in 32 bits, and they are only ever compared and sent. */
  readonly chatId: string;
  readonly threadId?: number;
}

/** Alerts whose labels match every matcher go to `destination`; later routes are tried only with `continue`. */
export interface TelegramRouteConfig {
  /** Alertmanager matcher syntax, e.g. `team="db"`, `severity=~"critical|page"`. */
  readonly matchers: readonly string[];
  readonly destination: TelegramDestination;
  readonly continue: boolean;
}

export interface TelegramConfig {
  /** Never logged. */
  readonly botToken: string;
  /** The Bot API root, https://api.telegram.org unless a self-hosted Bot API server (or a test) is named. */
  readonly apiUrl: string;
  /** Alerts that no route or `telegram_chat` label sends elsewhere go here; none: they are only stored. */
  readonly defaultChat?: TelegramDestination;
  readonly routes: readonly TelegramRouteConfig[];
  /** Chats whose commands are answered: the listed ones, the alert chat and every route's chat. */
  readonly allowedChatIds: ReadonlySet<string>;
  /** When set, only these users may silence (commands and buttons), on top of the chat allow-list. */
  readonly allowedUserIds?: ReadonlySet<string>;
  /** A Handlebars template file replacing the default messages. */
  readonly templateFile?: string;
}

export const DEFAULT_TELEGRAM_API_URL = 'https://api.telegram.org';

const CHAT_ID = /^-?[1-9]\d{0,18}$/;
const USER_ID = /^[1-9]\d{0,18}$/;

/** A chat id as Telegram numbers them: a non-zero integer, negative for groups and channels. */
export function parseChatId(key: string, value: string | number): string {
  const text = String(value).trim();
  if (!CHAT_ID.test(text)) throw new ConfigError(key, `${JSON.stringify(text)} is not a Telegram chat id (an integer such as 123456789 or -1001234567890)`);
  return text;
}

/** `CHAT` or `CHAT:THREAD` (a forum topic), as in a `telegram_chat` label; undefined when malformed. */
export function parseDestination(text: string): TelegramDestination | undefined {
  const match = /^(-?[1-9]\d{0,18})(?::([1-9]\d{0,9}))?$/.exec(text.trim());
  if (!match) return undefined;
  return match[2] === undefined ? { chatId: match[1] as string } : { chatId: match[1] as string, threadId: Number(match[2]) };
}

/** A comma-separated list (the environment's form) or a YAML list of ids. */
export function parseIdList(key: string, value: string | readonly (string | number)[], kind: 'chat' | 'user'): Set<string> {
  const items = typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter((item) => item !== '') : value.map(String);
  const ids = new Set<string>();
  for (const item of items) {
    if (kind === 'chat') ids.add(parseChatId(key, item));
    else if (USER_ID.test(item)) ids.add(item);
    else throw new ConfigError(key, `${JSON.stringify(item)} is not a Telegram user id (a positive integer)`);
  }
  return ids;
}

/** An http(s) base URL without a trailing slash; errors name the key and never echo credentials. */
export function parseBaseUrl(key: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(key, 'is not a URL (expected e.g. http://127.0.0.1:9090)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(key, `must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new ConfigError(key, 'must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}
