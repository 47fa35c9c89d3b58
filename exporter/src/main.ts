#!/usr/bin/env -S node --max-semi-space-size=1 --max-old-space-size=20 --no-opt
// The flags above trade a little CPU for memory (BENCHMARKS.md). V8's defaults let a busy exporter's
// heap grow to over 100 MB before its first full GC; a 1 MB young generation and a 20 MB old one hold
// the process near 57 MiB. The live heap is about 7 MB, and scrapes render one at a time
// (request-handler.ts), so 20 MB serves hosts of up to ~30,000 series (README: larger hosts).
// TurboFan (--no-opt) would make a scrape about a quarter faster but costs ~7 MiB: its own code and
// what it compiles. Interpreted code allocates whatever it creates, which is why exposition.ts writes
// the text format itself instead of through prom-client.
import './collectors/index.js';
import { parseCommandLine } from './cli.js';
import { ConfigError } from './collector.js';
import { startExporter } from './exporter.js';
import { createLogger } from './log.js';

async function main(): Promise<void> {
  const config = parseCommandLine(process.argv);
  const logger = createLogger(config.logLevel);
  const exporter = await startExporter(config, logger);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A scrape in flight finishes; idle keep-alive connections (Prometheus keeps one) are closed.
    exporter.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (config.webConfigFile) {
    process.on('SIGHUP', () => {
      exporter.reloadWebConfig().then(
        () => logger.info({ file: config.webConfigFile }, 'web config reloaded'),
        (error: unknown) => logger.error({ err: error }, 'web config reload failed; keeping the previous one'),
      );
    });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : String(error);
  process.stderr.write(`hostwatch-exporter: ${message}\n`);
  process.exit(1);
});
