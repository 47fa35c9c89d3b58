import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error.js';

export interface CommandLine {
  readonly configFile?: string;
  readonly help: boolean;
  readonly version: boolean;
}

export const USAGE = `Usage: hostwatch-alert-bridge [--config FILE]

Takes Alertmanager's webhooks on POST /webhook, keeps every alert state in InfluxDB (INFLUXDB_URL) or in
an embedded SQLite file (BRIDGE_DATA_DIR), and serves the history on GET /api/v1/notifications.

Options:
  --config FILE   YAML settings (listen_address, auth_token[_file], influxdb_url, influxdb_retention,
                  influxdb_username, influxdb_password[_file], data_dir, log_level); environment
                  variables win over it
  --help          this text
  --version       the version

Environment:
  BRIDGE_LISTEN_ADDRESS      host:port (default 127.0.0.1:9095)
  BRIDGE_AUTH_TOKEN[_FILE]   bearer token for /webhook and /api/* (required)
  INFLUXDB_URL               e.g. http://127.0.0.1:8086/hostwatch; unset: the embedded store
  INFLUXDB_RETENTION         retention policy duration (default 400d)
  INFLUXDB_USERNAME, INFLUXDB_PASSWORD[_FILE]
                             InfluxDB credentials, instead of the URL's
  BRIDGE_DATA_DIR            local state (default: $STATE_DIRECTORY, /var/lib/hostwatch-bridge as root,
                             else $XDG_STATE_HOME/hostwatch-bridge)
  BRIDGE_LOG_LEVEL           trace, debug, info (default), warn, error, fatal, silent
`;

export function parseCommandLine(argv: readonly string[]): CommandLine {
  try {
    const { values } = parseArgs({
      args: argv.slice(2),
      options: { config: { type: 'string' }, help: { type: 'boolean' }, version: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    return {
      ...(values.config === undefined ? {} : { configFile: values.config }),
      help: values.help ?? false,
      version: values.version ?? false,
    };
  } catch (error) {
    throw new ConfigError('command line', `${(error as Error).message} (see --help)`);
  }
}
