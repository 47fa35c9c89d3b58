import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { LogLevel } from '../../src/config/schema.js';
import { createLogger } from '../../src/log.js';

/** The bridge's logger, writing into memory. */
export function capturedLogger(level: LogLevel = 'trace'): { logger: Logger; lines(): Record<string, unknown>[]; text(): string } {
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output += chunk.toString();
      callback();
    },
  });
  return {
    logger: createLogger(level, sink),
    text: () => output,
    lines: () =>
      output
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
