import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { firstViolation, type Violation } from '../schema/violation.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
