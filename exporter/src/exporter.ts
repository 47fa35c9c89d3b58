import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ExporterConfig } from './cli.js';
import { ConfigError, collectorDefinitions } from './collector.js';
import { ExporterMetrics } from './exporter-metrics.js';
import { createRequestHandler } from './request-handler.js';
import type { NamedCollector } from './scrape.js';
import { exporterVersion } from './version.js';
import type { LiveWebConfig } from './web-config/live.js';

export interface RunningExporter {
  /** Where each listener ended up (useful with port 0). */
  readonly addresses: readonly AddressInfo[];
  close(): Promise<void>;
  /** Re-reads --web.config.file (SIGHUP); throws, keeping the current one, when the file is broken. */
  reloadWebConfig(): Promise<void>;
}

/** Builds the enabled collectors, validating their flags; a bad flag throws a ConfigError naming it. */
export function createCollectors(config: ExporterConfig, logger: Logger): NamedCollector[] {
  const byName = new Map(collectorDefinitions().map((d) => [d.name, d]));
  return config.enabledCollectors.map((name) => {
    const definition = byName.get(name);
    if (!definition) throw new ConfigError(`--collector.${name}`, 'no such collector');
    const collector = definition.create({
      paths: config.paths,
      logger: logger.child({ collector: name }),
      flag: (flag) => {
        const value = config.collectorFlags.get(flag);
        if (value === undefined) throw new Error(`collector ${name} reads undeclared flag ${flag}`);
        return value;
      },
    });
    return { name, collector };
  });
}

function listen(server: Server, host: string | undefined, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Loaded only when asked for: YAML, TypeBox and bcrypt add ~15 MB of resident memory. */
async function loadWebConfig(file: string, logger: Logger): Promise<LiveWebConfig> {
  const { LiveWebConfig } = await import('./web-config/live.js');
  return LiveWebConfig.load(file, logger);
}

export async function startExporter(config: ExporterConfig, logger: Logger): Promise<RunningExporter> {
  const web = config.webConfigFile ? await loadWebConfig(config.webConfigFile, logger) : undefined;
  const collectors = createCollectors(config, logger);
  logger.info({ collectors: collectors.map((c) => c.name) }, 'enabled collectors');
  const handler = createRequestHandler({
    telemetryPath: config.telemetryPath,
    collectors,
    knownCollectors: new Set(collectorDefinitions().map((d) => d.name)),
    ...(config.disableExporterMetrics ? {} : { exporterMetrics: new ExporterMetrics() }),
    maxRequests: config.maxRequests,
    version: exporterVersion,
    logger,
    ...(web ? { authorize: web.authorize } : {}),
  });

  const servers: Server[] = [];
  const addresses: AddressInfo[] = [];
  try {
    for (const { host, port } of config.listenAddresses) {
      const server = web ? web.createServer(handler) : createServer(handler);
      servers.push(server);
      const address = await listen(server, host, port);
      addresses.push(address);
      logger.info({ address: `${address.address}:${address.port}`, tls: web?.tlsEnabled ?? false }, 'listening');
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }

  return {
    addresses,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeIdleConnections();
            }),
        ),
      );
    },
    reloadWebConfig: async () => {
      await web?.reload();
    },
  };
}
