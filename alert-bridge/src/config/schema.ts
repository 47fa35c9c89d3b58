import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { firstViolation, type Violation } from '../schema/violation.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// Telegram ids are integers in YAML but are kept as text: supergroup ids do not all fit in 32 bits.
const ChatId = Type.Union([Type.String(), Type.Integer()]);
/** A comma-separated string, as in the environment, or a YAML list. */
const IdList = Type.Union([Type.String(), Type.Array(ChatId)]);

/** Alerts whose labels match every matcher go to chat_id (and topic thread_id), not to the default chat. */
export const TelegramRouteSchema = Type.Object(
  {
    matchers: Type.Array(Type.String(), { minItems: 1 }),
    chat_id: ChatId,
    thread_id: Type.Optional(Type.Integer({ minimum: 1 })),
    continue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The `--config` file. Closed, so that a misspelt key stops start-up instead of being ignored. */
export const ConfigFileSchema = Type.Object(
  {
    listen_address: Type.Optional(Type.String()),
    auth_token: Type.Optional(Type.String()),
    auth_token_file: Type.Optional(Type.String()),
    influxdb_url: Type.Optional(Type.String()),
    influxdb_retention: Type.Optional(Type.String()),
    influxdb_username: Type.Optional(Type.String()),
    influxdb_password: Type.Optional(Type.String()),
    influxdb_password_file: Type.Optional(Type.String()),
    data_dir: Type.Optional(Type.String()),
    log_level: Type.Optional(Type.Union(LOG_LEVELS.map((level) => Type.Literal(level)))),
    telegram_bot_token: Type.Optional(Type.String()),
    telegram_bot_token_file: Type.Optional(Type.String()),
    telegram_api_url: Type.Optional(Type.String()),
    telegram_chat_id: Type.Optional(ChatId),
    telegram_allowed_chat_ids: Type.Optional(IdList),
    telegram_allowed_user_ids: Type.Optional(IdList),
    telegram_template_file: Type.Optional(Type.String()),
    telegram_routes: Type.Optional(Type.Array(TelegramRouteSchema)),
    prometheus_url: Type.Optional(Type.String()),
    alertmanager_url: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export type ConfigFileDocument = Static<typeof ConfigFileSchema>;

const check = TypeCompiler.Compile(ConfigFileSchema);

/** The document, typed, or its first violation. */
export function checkConfigDocument(document: unknown): { document: ConfigFileDocument } | { violation: Violation } {
  const violation = firstViolation(check, document);
  return violation === undefined ? { document: document as ConfigFileDocument } : { violation };
}
