import path from 'node:path';

/** A setting the stack cannot run with; the message names the variable. Exit code 2. */
export class StackSettingsError extends Error {
  constructor(variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'StackSettingsError';
  }
}

export type PortName = 'prometheus' | 'alertmanager' | 'influxdb' | 'influxdbRpc' | 'bridge' | 'exporter';
export type StackPorts = Readonly<Record<PortName, number>>;

/**
 * Each standard port plus 10000. Installing Debian's packages starts their services on the standard
 * ports (prometheus 9090, prometheus-alertmanager 9093, influxdb 8086 and 8088) wherever systemd
 * runs, and the stack must run beside them; the offset keeps every port easy to recognise.
 */
export const PORTS: Readonly<Record<PortName, { readonly variable: string; readonly standard: number; readonly what: string }>> = {
  prometheus: { variable: 'HOSTWATCH_STACK_PROMETHEUS_PORT', standard: 19090, what: 'Prometheus' },
  alertmanager: { variable: 'HOSTWATCH_STACK_ALERTMANAGER_PORT', standard: 19093, what: 'Alertmanager' },
  influxdb: { variable: 'HOSTWATCH_STACK_INFLUXDB_PORT', standard: 18086, what: 'InfluxDB (HTTP)' },
  influxdbRpc: { variable: 'HOSTWATCH_STACK_INFLUXDB_RPC_PORT', standard: 18088, what: 'InfluxDB (backup RPC)' },
  bridge: { variable: 'HOSTWATCH_STACK_BRIDGE_PORT', standard: 19095, what: 'the alert bridge' },
  exporter: { variable: 'HOSTWATCH_STACK_EXPORTER_PORT', standard: 19110, what: 'the exporter' },
};

/** The bridge's Telegram variables that `up` passes on from its own environment when set. */
export const TELEGRAM_VARIABLES = [
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_BOT_TOKEN_FILE',
  'TELEGRAM_CHAT_ID',
  'TELEGRAM_API_URL',
  'TELEGRAM_ALLOWED_CHAT_IDS',
  'TELEGRAM_ALLOWED_USER_IDS',
  'TELEGRAM_TEMPLATE_FILE',
] as const;

export interface StackSettings {
  /** Absolute: every piece of configuration, data, log and pid file lives under it. */
  readonly dir: string;
  readonly ports: StackPorts;
  /** The user's inventory (HOSTWATCH_STACK_INVENTORY); without it the stack writes one for its exporter. */
  readonly inventoryFile?: string;
  /** TELEGRAM_* variables to hand to the bridge, only those set. */
  readonly telegramEnv: Readonly<Record<string, string>>;
}

function parsePort(name: PortName, env: NodeJS.ProcessEnv): number {
  const { variable, standard } = PORTS[name];
  const text = env[variable]?.trim();
  if (!text) return standard;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > 65535) {
    throw new StackSettingsError(variable, `${JSON.stringify(text)} is not a TCP port (1-65535)`);
  }
  return Number(text);
}

/** The settings from the environment; empty variables count as unset. */
export function readSettings(env: NodeJS.ProcessEnv, cwd: string, repoRoot: string): StackSettings {
  const ports = Object.fromEntries((Object.keys(PORTS) as PortName[]).map((name) => [name, parsePort(name, env)])) as Record<PortName, number>;
  const seen = new Map<number, PortName>();
  for (const name of Object.keys(ports) as PortName[]) {
    const other = seen.get(ports[name]);
    if (other) throw new StackSettingsError(PORTS[name].variable, `port ${ports[name]} is also ${PORTS[other].variable}'s; give each component its own`);
    seen.set(ports[name], name);
  }
  const dir = env.HOSTWATCH_STACK_DIR?.trim() ? path.resolve(cwd, env.HOSTWATCH_STACK_DIR.trim()) : path.join(repoRoot, '.hostwatch-stack');
  const inventory = env.HOSTWATCH_STACK_INVENTORY?.trim();
  const telegramEnv = Object.fromEntries(TELEGRAM_VARIABLES.filter((name) => env[name]?.trim()).map((name) => [name, env[name] as string]));
  return { dir, ports, ...(inventory ? { inventoryFile: path.resolve(cwd, inventory) } : {}), telegramEnv };
}
