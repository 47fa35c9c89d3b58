#!/usr/bin/env node
import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import { createApp } from './app.js';
import { parseCommandLine, USAGE } from './cli.js';
import { ConfigError } from './config/config-error.js';
import { formatListenAddress, type ListenAddress } from './config/listen-address.js';
import { loadConfig } from './config/load.js';
import { createLogger } from './log.js';
import { LogNotifier } from './notify/log/index.js';
import { openHistoryStore } from './open-history-store.js';
import { bridgeVersion } from './version.js';

/** In-flight requests get this long after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

function listen(server: Server, address: ListenAddress): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new Error(`cannot listen on ${formatListenAddress(address)}: ${error.message}`)));
    server.listen({ port: address.port, ...(address.host ? { host: address.host } : {}) }, () => {
      const bound = server.address();
      resolve(typeof bound === 'object' && bound ? formatListenAddress({ host: bound.address, port: bound.port }) : String(bound));
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Alertmanager keeps connections alive; idle ones would hold close() open.
    server.closeIdleConnections();
  });
}

async function main(): Promise<void> {
  const commandLine = parseCommandLine(process.argv);
  if (commandLine.help) return void process.stdout.write(USAGE);
  if (commandLine.version) return void process.stdout.write(`hostwatch-alert-bridge ${bridgeVersion}\n`);

  const config = await loadConfig({ ...(commandLine.configFile ? { configFile: commandLine.configFile } : {}), env: process.env });
  const logger = createLogger(config.logLevel);
  const store = await openHistoryStore(config, logger);
  const notifier = new LogNotifier(logger);
  const app = createApp({ authToken: config.authToken, store, notifier, logger, registry: new Registry() });
  const server = createServer(app.callback());
  let address: string;
  try {
    address = await listen(server, config.listen);
  } catch (error) {
    await store.close();
    throw error;
  }
  logger.info({ address, version: bridgeVersion, dataDir: config.dataDir }, 'listening');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Requests in flight finish (their records are stored and acknowledged) before the store closes.
    closeServer(server)
      .then(() => notifier.close())
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `configuration error: ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`hostwatch-alert-bridge: ${message}\n`);
  process.exit(1);
});
