import { pino, type Logger } from 'pino';

/** JSON lines on stderr, so stdout stays free for --help and --version. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { component: 'exporter' } }, pino.destination(2));
}
