import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config/schema.js';

/**
 * Where a token could show up if someone logged a request, a config or an error carrying headers.
 * The code logs none of these; this is the second line of defence.
 */
const REDACTED_PATHS = [
  'authToken',
  'token',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'config.authToken',
  '*.authToken',
  '*.token',
  '*.authorization',
];

/** JSON lines on stderr by default, so stdout stays free for --help and --version. */
export function createLogger(level: LogLevel, destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: { component: 'alert-bridge' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
