import path from 'node:path';
import { ConfigError } from './config-error.js';
import { defaultDataDir } from './data-dir.js';
import { readConfigFile } from './file.js';
import { DEFAULT_INFLUXDB_RETENTION, parseInfluxUrl, parseRetention, type InfluxConfig } from './influxdb.js';
import { DEFAULT_LISTEN_ADDRESS, parseListenAddress, type ListenAddress } from './listen-address.js';
import { LOG_LEVELS, type ConfigFileDocument, type LogLevel } from './schema.js';
import { readSecret, type Secret } from './secret.js';

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

type FileKey = keyof ConfigFileDocument;

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
  };
}
