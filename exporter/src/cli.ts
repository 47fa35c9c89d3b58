import { Command, Option } from 'commander';
import { ConfigError, collectorDefinitions } from './collector.js';
import type { HostPaths } from './host-paths.js';
import { exporterVersion } from './version.js';

export const DEFAULT_LISTEN_ADDRESS = ':9110';

export interface ListenAddress {
  /** Undefined listens on every interface, as `:9110` does for node_exporter. */
  readonly host?: string;
  readonly port: number;
}

export interface ExporterConfig {
  readonly listenAddresses: readonly ListenAddress[];
  readonly telemetryPath: string;
  readonly disableExporterMetrics: boolean;
  readonly maxRequests: number;
  readonly webConfigFile?: string;
  readonly paths: HostPaths;
  readonly logLevel: string;
  readonly enabledCollectors: readonly string[];
  /** Every collector flag, given or defaulted, by name without dashes. */
  readonly collectorFlags: ReadonlyMap<string, string>;
}

export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new ConfigError('--web.listen-address', `"${text}" is not host:port, [ipv6]:port or :port`);
  }
  const host = match[1] ?? match[2];
  return host ? { host, port } : { port };
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];

function buildProgram(): Command {
  const program = new Command('hostwatch-exporter')
    .description('Exports host metrics (CPU, memory, filesystems, load, uptime, systemd units) with node_exporter\'s names.')
    .version(`hostwatch-exporter, version ${exporterVersion} (node ${process.version})`, '--version')
    .helpOption('-h, --help')
    .option(
      '--web.listen-address <address>',
      `Address on which to expose metrics and web interface. Repeatable for multiple addresses. (default: ${DEFAULT_LISTEN_ADDRESS})`,
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--web.telemetry-path <path>', 'Path under which to expose metrics.', '/metrics')
    .option('--web.disable-exporter-metrics', 'Exclude metrics about the exporter itself (process_*, nodejs_*).', false)
    .option('--web.max-requests <n>', 'Maximum number of parallel scrape requests. Use 0 to disable.', '40')
    .option('--web.config.file <file>', 'Path to a web configuration file (exporter-toolkit format) that can enable TLS or basic auth.')
    .option('--collector.disable-defaults', 'Set all collectors to disabled by default.', false)
    .option('--path.procfs <path>', 'procfs mountpoint.', '/proc')
    .option('--path.sysfs <path>', 'sysfs mountpoint.', '/sys')
    .option('--path.rootfs <path>', 'rootfs mountpoint.', '/')
    .addOption(new Option('--log.level <level>', 'Only log messages with the given severity or above.').choices(LOG_LEVELS).default('info'));

  for (const definition of collectorDefinitions()) {
    const state = definition.defaultEnabled ? 'enabled' : 'disabled';
    program.option(`--collector.${definition.name}`, `Enable the ${definition.name} collector (default: ${state}).`);
    program.addOption(new Option(`--no-collector.${definition.name}`).hideHelp());
    for (const flag of definition.flags ?? []) {
      program.option(`--${flag.name} <value>`, flag.description, flag.defaultValue);
    }
  }
  program.addHelpText('after', '\nEvery --collector.NAME flag has a --no-collector.NAME form that disables it.');
  return program;
}

/** Parses argv (as process.argv: node and script first). Prints and exits on --help and --version. */
export function parseCommandLine(argv: readonly string[], exitOverride = false): ExporterConfig {
  const program = buildProgram();
  if (exitOverride) program.exitOverride();
  program.parse([...argv]);
  const values = program.opts<Record<string, unknown>>();
  // Commander camel-cases on dashes only (web.maxRequests), so look values up through the flag itself.
  const attributes = new Map(program.options.map((o) => [o.long?.replace(/^--(no-)?/, ''), o.attributeName()]));
  const value = (flag: string): unknown => values[attributes.get(flag) ?? flag];
  const text = (flag: string): string => String(value(flag));

  const disableDefaults = value('collector.disable-defaults') === true;
  const enabledCollectors: string[] = [];
  const collectorFlags = new Map<string, string>();
  for (const definition of collectorDefinitions()) {
    const explicit = value(`collector.${definition.name}`);
    const enabled = typeof explicit === 'boolean' ? explicit : definition.defaultEnabled && !disableDefaults;
    if (enabled) enabledCollectors.push(definition.name);
    for (const flag of definition.flags ?? []) collectorFlags.set(flag.name, text(flag.name));
  }

  const maxRequests = Number(text('web.max-requests'));
  if (!Number.isInteger(maxRequests) || maxRequests < 0) {
    throw new ConfigError('--web.max-requests', `"${text('web.max-requests')}" is not a whole number`);
  }
  const telemetryPath = text('web.telemetry-path');
  if (!telemetryPath.startsWith('/')) {
    throw new ConfigError('--web.telemetry-path', `"${telemetryPath}" must start with /`);
  }
  const listen = (value('web.listen-address') as string[] | undefined) ?? [DEFAULT_LISTEN_ADDRESS];
  const webConfigFile = value('web.config.file') as string | undefined;
  return {
    listenAddresses: listen.map(parseListenAddress),
    telemetryPath,
    disableExporterMetrics: value('web.disable-exporter-metrics') === true,
    maxRequests,
    ...(webConfigFile ? { webConfigFile } : {}),
    paths: { procfs: text('path.procfs'), sysfs: text('path.sysfs'), rootfs: text('path.rootfs') },
    logLevel: text('log.level'),
    enabledCollectors,
    collectorFlags,
  };
}
