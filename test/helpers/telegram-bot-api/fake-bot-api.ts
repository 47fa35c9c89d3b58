import type { BotCommand, BotCommandScope, User } from 'node-telegram-bot-api';
import { Changes } from './changes.js';
import { ChatStore, type FakeMessage } from './chats.js';
import { FaultSchedule, type Fault } from './faults.js';
import { BotApiHttpServer, type FakeRequest } from './http-server.js';
import { botApiMethods, commandsKey, type BotState, type FakeCallbackAnswer } from './methods.js';
import { DEFAULT_RATE_LIMITS, FloodControl, type RateLimits, type RateLimitViolation } from './rate-limits.js';
import { UpdateQueue, type UpdateState } from './updates.js';
import { UserActions, type ButtonPressInput, type EditedMessageInput, type UserMessageInput } from './user-actions.js';

export interface FakeBotApiOptions {
  /** The bot token, "<bot id>:<secret>"; requests under another token get 401. */
  token: string;
  /** Telegram's flood limits, defaults from DEFAULT_RATE_LIMITS; false turns them off. */
  limits?: Partial<RateLimits> | false;
  /** The bot's username, as getMe reports it. */
  username?: string;
}

export interface WaitOptions {
  timeoutMs?: number;
}

/** A local Bot API server for tests; see startFakeBotApi. */
export interface FakeBotApi {
  /** Pass as node-telegram-bot-api's `apiRoot`: `http://127.0.0.1:PORT`. */
  readonly apiRoot: string;
  readonly port: number;
  readonly token: string;
  /** The bot as getMe describes it. */
  readonly bot: User;

  /** Messages the bot sent, in order, as snapshots; only one chat's with chatId. */
  messages(chatId?: number): FakeMessage[];
  /** Resolves with messages(chatId) once it holds count messages; rejects after timeoutMs listing what came. */
  waitForMessages(count: number, options?: WaitOptions & { chatId?: number }): Promise<FakeMessage[]>;
  callbackAnswers(): FakeCallbackAnswer[];
  /** The last setMyCommands list for a scope (default scope) and language, undefined if never set. */
  commands(scope?: BotCommandScope, languageCode?: string): BotCommand[] | undefined;
  /** Every request received, in order; only one method's with method. */
  requests(method?: string): FakeRequest[];
  /**
   * Resolves with requests(method) once it holds count requests. A request is logged in the same tick its
   * fault is taken, so after this resolves a later clearFault cannot change how those requests fare.
   */
  waitForRequests(method: string, count: number, options?: WaitOptions): Promise<FakeRequest[]>;
  /** Messages refused for breaking a flood limit; only one chat's with chatId. */
  rateLimitViolations(chatId?: number): RateLimitViolation[];

  /** Queues a message from a user (bot_command entities included); returns the update_id. */
  sendUserMessage(input: UserMessageInput): number;
  /** Queues an edited_message for an earlier sendUserMessage; returns the update_id. */
  sendEditedMessage(input: EditedMessageInput): number;
  /** Queues a callback_query for a button of a message the bot sent; returns the update_id. */
  pressButton(input: ButtonPressInput): number;
  /** pending until a getUpdates offset confirms it; dropped if allowed_updates excluded it. */
  updateState(updateId: number): UpdateState | undefined;
  /** Resolves once a getUpdates offset confirmed the update; rejects if it was dropped or on timeout. */
  waitForConfirmed(updateId: number, options?: WaitOptions): Promise<void>;

  /** Replaces the standing fault; resolves once the port is closed (offline) or listening again. */
  setFault(fault: Fault): Promise<void>;
  clearFault(): Promise<void>;
  /** The next count requests the fault applies to meet it, before any standing fault. */
  failNext(count: number, fault: Fault): void;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Starts a fake Telegram Bot API on 127.0.0.1 and a free port. It checks requests the way Telegram does
 * where the bridge depends on it (HTML parse mode, message length, flood limits, getUpdates offsets),
 * and lets a test switch failures on and off.
 */
export async function startFakeBotApi(options: FakeBotApiOptions): Promise<FakeBotApi> {
  const tokenParts = /^([0-9]+):[A-Za-z0-9_-]+$/.exec(options.token);
  if (!tokenParts) throw new Error(`token must look like a Bot API token, "<bot id>:<secret>", got ${JSON.stringify(options.token)}`);
  const { token } = options;
  const bot: User = {
    id: Number(tokenParts[1]),
    is_bot: true,
    first_name: 'Hostwatch',
    username: options.username ?? 'HostwatchBot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };
  const changes = new Changes();
  const chats = new ChatStore(bot, changes);
  const updates = new UpdateQueue(changes);
  const state: BotState = {
    bot,
    chats,
    updates,
    users: new UserActions(chats, updates),
    changes,
    flood: options.limits === false ? undefined : new FloodControl({ ...DEFAULT_RATE_LIMITS, ...options.limits }),
    violations: [],
    callbackAnswers: [],
    commands: new Map(),
  };
  const faults = new FaultSchedule();
  const server = new BotApiHttpServer(token, botApiMethods(state), faults, changes);
  await server.goOnline();
  let closed = false;

  const describeMessages = (list: FakeMessage[]): string =>
    list.map((m) => `\n  chat ${m.chatId} #${m.messageId}: ${JSON.stringify(m.text.slice(0, 200))}`).join('') || ' none';
  const describeRefusals = (): string => {
    const refused = server.log.filter((r) => r.status !== undefined && r.status !== 200 && r.method !== 'getUpdates').slice(-5);
    return refused.map((r) => `\n  ${r.method} ${r.status}: ${r.description ?? ''}`).join('');
  };

  return {
    apiRoot: `http://127.0.0.1:${server.port}`,
    port: server.port,
    token,
    bot,
    messages: (chatId) => chats.list(chatId),
    waitForMessages: (count, { chatId, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) =>
      changes.waitUntil(
        () => {
          const list = chats.list(chatId);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        () => {
          const where = chatId === undefined ? '' : ` in chat ${chatId}`;
          const refusals = describeRefusals();
          return `expected ${count} message(s)${where} within ${timeoutMs} ms; the bot sent:${describeMessages(chats.list(chatId))}${
            refusals ? `\nlast refused requests:${refusals}` : ''
          }`;
        },
      ),
    callbackAnswers: () => [...state.callbackAnswers],
    commands: (scope, languageCode) => {
      const commands = state.commands.get(commandsKey(scope, languageCode));
      return commands && [...commands];
    },
    requests: (method) => server.log.filter((r) => method === undefined || r.method === method),
    waitForRequests: (method, count, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) =>
      changes.waitUntil(
        () => {
          const list = server.log.filter((r) => r.method === method);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        () => `expected ${count} ${method} request(s) within ${timeoutMs} ms, got ${server.log.filter((r) => r.method === method).length}`,
      ),
    rateLimitViolations: (chatId) => state.violations.filter((v) => chatId === undefined || v.chatId === chatId),
    sendUserMessage: (input) => state.users.sendMessage(input),
    sendEditedMessage: (input) => state.users.editMessage(input),
    pressButton: (input) => state.users.pressButton(input),
    updateState: (updateId) => updates.state(updateId)?.state,
    waitForConfirmed: async (updateId, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}) => {
      await changes.waitUntil(
        () => {
          const current = updates.state(updateId);
          if (!current) throw new Error(`no update ${updateId} was queued`);
          if (current.state === 'dropped') throw new Error(`update ${updateId} was dropped: ${current.droppedBecause}`);
          return current.state === 'confirmed' ? true : undefined;
        },
        timeoutMs,
        () => {
          const polls = server.log.filter((r) => r.method === 'getUpdates');
          const last = polls.at(-1);
          return `update ${updateId} was not confirmed within ${timeoutMs} ms; ${polls.length} getUpdates call(s)${
            last ? `, the last with ${JSON.stringify(last.params)}` : ''
          }`;
        },
      );
    },
    setFault: async (fault) => {
      if (closed) throw new Error('the fake Bot API is closed');
      if (fault.kind === 'offline' && fault.methods) {
        throw new Error('an offline fault closes the port for every method; use failNext to reset connections of some methods');
      }
      faults.set(fault);
      await (fault.kind === 'offline' ? server.goOffline() : server.goOnline());
    },
    clearFault: async () => {
      faults.set(undefined);
      if (!closed) await server.goOnline();
    },
    failNext: (count, fault) => faults.failNext(count, fault),
    close: async () => {
      closed = true;
      faults.set(undefined);
      await server.goOffline();
    },
  };
}
