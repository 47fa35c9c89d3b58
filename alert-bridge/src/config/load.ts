import path from 'node:path';
import { ConfigError } from './config-error.js';
import { defaultDataDir } from './data-dir.js';
import { readConfigFile } from './file.js';
import { DEFAULT_INFLUXDB_RETENTION, parseInfluxUrl, parseRetention, type InfluxConfig } from './influxdb.js';
import { DEFAULT_LISTEN_ADDRESS, parseListenAddress, type ListenAddress } from './listen-address.js';
import { LOG_LEVELS, type ConfigFileDocument, type LogLevel } from './schema.js';
import { readSecret, type Secret } from './secret.js';
import {
  DEFAULT_TELEGRAM_API_URL,
  parseBaseUrl,
  parseChatId,
  parseDestination,
  parseIdList,
  type TelegramConfig,
  type TelegramDestination,
  type TelegramRouteConfig,
} from './telegram.js';

/** Everything the bridge is configured with, validated. */
export interface BridgeConfig {
  readonly listen: ListenAddress;
  /** The bearer token Alertmanager and API clients must send. Never logged. */
  readonly authToken: string;
  /** Absent: the embedded store in dataDir. */
  readonly influxdb?: InfluxConfig;
  /** Absolute. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Absent (no bot token): notifications are only logged. */
  readonly telegram?: TelegramConfig;
  /** For /status; may hold basic-auth credentials, so never logged as it is. */
  readonly prometheusUrl?: string;
  /** For /alerts, /silence and the silence buttons. */
  readonly alertmanagerUrl?: string;
}

export interface ConfigSources {
  /** The `--config` file; relative paths inside it are relative to its directory. */
  readonly configFile?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths from the environment are relative to this; process.cwd() by default. */
  readonly cwd?: string;
}

/** One setting and where it came from. */
interface Setting {
  readonly key: string;
  readonly value: string;
  /** Relative paths in the value are relative to this directory. */
  readonly baseDir: string;
}

/** The keys whose value is one string (the others, lists and routes, are read on their own). */
type FileKey = { [K in keyof ConfigFileDocument]-?: NonNullable<ConfigFileDocument[K]> extends string ? K : never }[keyof ConfigFileDocument];

// Bearer tokens travel in a header: whitespace or control characters would not arrive as they were.
const UNSENDABLE = /[\s\p{Cc}]/u;

/** Builds the configuration once at start-up; throws a ConfigError naming the key at fault. */
export async function loadConfig(sources: ConfigSources): Promise<BridgeConfig> {
  const cwd = sources.cwd ?? process.cwd();
  const configFile = sources.configFile === undefined ? undefined : path.resolve(cwd, sources.configFile);
  const file: ConfigFileDocument = configFile ? await readConfigFile(configFile) : {};
  const fileDir = configFile ? path.dirname(configFile) : cwd;
  // An empty variable counts as unset, as compose files and unit files often leave them.
  const fromEnv = (name: string): string | undefined => (sources.env[name] === '' ? undefined : sources.env[name]);

  /** The environment variable wins over the YAML key. */
  const setting = (envName: string, fileKey: FileKey): Setting | undefined => {
    const env = fromEnv(envName);
    if (env !== undefined) return { key: envName, value: env, baseDir: cwd };
    const value = file[fileKey];
    return value === undefined ? undefined : { key: fileKey, value, baseDir: fileDir };
  };

  /** `NAME` or `NAME_FILE`; either in the environment replaces both forms in the file. */
  const secret = (envName: string, fileKey: FileKey & string): Promise<Secret | undefined> => {
    const envValue = fromEnv(envName);
    const envFile = fromEnv(`${envName}_FILE`);
    const fileFileKey = `${fileKey}_file` as FileKey;
    return readSecret(
      envValue !== undefined || envFile !== undefined
        ? { key: envName, value: envValue, fileKey: `${envName}_FILE`, file: envFile, baseDir: cwd }
        : { key: fileKey, value: file[fileKey], fileKey: fileFileKey, file: file[fileFileKey], baseDir: fileDir },
    );
  };

  const listen = setting('BRIDGE_LISTEN_ADDRESS', 'listen_address');
  const dataDir = setting('BRIDGE_DATA_DIR', 'data_dir');
  const logLevel = setting('BRIDGE_LOG_LEVEL', 'log_level');
  const influxUrl = setting('INFLUXDB_URL', 'influxdb_url');
  const retention = setting('INFLUXDB_RETENTION', 'influxdb_retention');
  const influxUsername = setting('INFLUXDB_USERNAME', 'influxdb_username');

  const authToken = await secret('BRIDGE_AUTH_TOKEN', 'auth_token');
  if (authToken === undefined) {
    throw new ConfigError(
      'BRIDGE_AUTH_TOKEN',
      'missing: set BRIDGE_AUTH_TOKEN or BRIDGE_AUTH_TOKEN_FILE (or auth_token / auth_token_file in the --config file); ' +
        'Alertmanager sends it as a bearer token (http_config.authorization)',
    );
  }
  if (UNSENDABLE.test(authToken.value)) {
    throw new ConfigError(authToken.key, 'contains whitespace or control characters, which cannot be sent in an Authorization header');
  }
  const influxPassword = await secret('INFLUXDB_PASSWORD', 'influxdb_password');
  const botToken = await secret('TELEGRAM_BOT_TOKEN', 'telegram_bot_token');
  const prometheusUrl = setting('PROMETHEUS_URL', 'prometheus_url');
  const alertmanagerUrl = setting('ALERTMANAGER_URL', 'alertmanager_url');

  if (logLevel && !(LOG_LEVELS as readonly string[]).includes(logLevel.value)) {
    throw new ConfigError(logLevel.key, `${JSON.stringify(logLevel.value)} is not one of ${LOG_LEVELS.join(', ')}`);
  }
  // Checked even without InfluxDB, so that a mistake shows before the day it matters.
  const retentionDuration = retention ? parseRetention(retention.key, retention.value) : DEFAULT_INFLUXDB_RETENTION;

  return {
    listen: parseListenAddress(listen?.key ?? 'default listen address', listen?.value ?? DEFAULT_LISTEN_ADDRESS),
    authToken: authToken.value,
    ...(influxUrl
      ? {
          influxdb: {
            ...parseInfluxUrl(influxUrl.key, influxUrl.value),
            retention: retentionDuration,
            ...(influxUsername ? { username: influxUsername.value } : {}),
            ...(influxPassword ? { password: influxPassword.value } : {}),
          },
        }
      : {}),
    dataDir: dataDir ? path.resolve(dataDir.baseDir, dataDir.value) : defaultDataDir(sources.env),
    logLevel: (logLevel?.value as LogLevel | undefined) ?? 'info',
    ...(botToken ? { telegram: telegramConfig(botToken, file, setting, fromEnv) } : {}),
    ...(prometheusUrl ? { prometheusUrl: parseBaseUrl(prometheusUrl.key, prometheusUrl.value) } : {}),
    ...(alertmanagerUrl ? { alertmanagerUrl: parseBaseUrl(alertmanagerUrl.key, alertmanagerUrl.value) } : {}),
  };
}

// Bot tokens are "123456:ABC-def_…"; anything else would only fail later, at the first message.
const BOT_TOKEN = /^\d+:[\w-]+$/;

function telegramConfig(
  botToken: Secret,
  file: ConfigFileDocument,
  setting: (envName: string, fileKey: FileKey) => Setting | undefined,
  fromEnv: (name: string) => string | undefined,
): TelegramConfig {
  if (!BOT_TOKEN.test(botToken.value)) throw new ConfigError(botToken.key, 'is not a bot token (expected the form 123456789:AA…, as @BotFather gives it)');
  const apiUrl = setting('TELEGRAM_API_URL', 'telegram_api_url');
  const template = setting('TELEGRAM_TEMPLATE_FILE', 'telegram_template_file');

  const envChat = fromEnv('TELEGRAM_CHAT_ID');
  let defaultChat: TelegramDestination | undefined;
  if (envChat !== undefined || file.telegram_chat_id !== undefined) {
    const key = envChat !== undefined ? 'TELEGRAM_CHAT_ID' : 'telegram_chat_id';
    const text = String(envChat ?? file.telegram_chat_id);
    defaultChat = parseDestination(text);
    if (!defaultChat) parseChatId(key, text); // throws the error that names the key
  }

  const routes: TelegramRouteConfig[] = (file.telegram_routes ?? []).map((route, index) => {
    const key = `telegram_routes[${index}]`;
    const chatId = parseChatId(`${key}.chat_id`, route.chat_id);
    return {
      matchers: route.matchers,
      destination: route.thread_id === undefined ? { chatId } : { chatId, threadId: route.thread_id },
      continue: route.continue ?? false,
    };
  });

  const idList = (envName: string, fileKey: 'telegram_allowed_chat_ids' | 'telegram_allowed_user_ids', kind: 'chat' | 'user') => {
    const env = fromEnv(envName);
    if (env !== undefined) return parseIdList(envName, env, kind);
    const value = file[fileKey];
    return value === undefined ? undefined : parseIdList(fileKey, value, kind);
  };
  const allowedChatIds = idList('TELEGRAM_ALLOWED_CHAT_IDS', 'telegram_allowed_chat_ids', 'chat') ?? new Set<string>();
  if (defaultChat) allowedChatIds.add(defaultChat.chatId);
  for (const route of routes) allowedChatIds.add(route.destination.chatId);
  const allowedUserIds = idList('TELEGRAM_ALLOWED_USER_IDS', 'telegram_allowed_user_ids', 'user');

  return {
    botToken: botToken.value,
    apiUrl: apiUrl ? parseBaseUrl(apiUrl.key, apiUrl.value) : DEFAULT_TELEGRAM_API_URL,
    ...(defaultChat ? { defaultChat } : {}),
    routes,
    allowedChatIds,
    ...(allowedUserIds ? { allowedUserIds } : {}),
    ...(template ? { templateFile: path.resolve(template.baseDir, template.value) } : {}),
  };
}
