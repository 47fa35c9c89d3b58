#!/usr/bin/env node
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
