import path from 'node:path';

/** The five processes of the stack, in the order `up` starts them. */
export const COMPONENT_NAMES = ['influxdb', 'exporter', 'bridge', 'alertmanager', 'prometheus'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** Where everything lives inside the stack's folder. */
export interface StackLayout {
  readonly root: string;
  /** Written by `up`; `down --purge` deletes only a folder that holds it. */
  readonly marker: string;
  /** Prometheus' configuration directory: prometheus.yml, rules/, targets/, and alertmanager.yml beside it. */
  readonly configDir: string;
  readonly prometheusConfig: string;
  readonly alertmanagerConfig: string;
  readonly influxdbConfig: string;
  /** The inventory the stack generates for its own exporter (unless HOSTWATCH_STACK_INVENTORY is set). */
  readonly generatedInventory: string;
  /** The bridge's bearer token (mode 0600); Alertmanager reads the same file. */
  readonly tokenFile: string;
  /** The ports and commands of the running stack, for `status` and `down`. */
  readonly stateFile: string;
  readonly logsDir: string;
  dataDir(component: ComponentName): string;
  logFile(component: ComponentName): string;
  pidFile(component: ComponentName): string;
}

export function stackLayout(root: string): StackLayout {
  const configDir = path.join(root, 'config');
  return {
    root,
    marker: path.join(root, 'HOSTWATCH-STACK'),
    configDir,
    prometheusConfig: path.join(configDir, 'prometheus.yml'),
    alertmanagerConfig: path.join(configDir, 'alertmanager.yml'),
    influxdbConfig: path.join(configDir, 'influxdb.conf'),
    generatedInventory: path.join(configDir, 'inventory.yml'),
    tokenFile: path.join(root, 'bridge-token'),
    stateFile: path.join(root, 'run', 'stack.json'),
    logsDir: path.join(root, 'logs'),
    dataDir: (component) => path.join(root, 'data', component),
    logFile: (component) => path.join(root, 'logs', `${component}.log`),
    pidFile: (component) => path.join(root, 'run', `${component}.pid`),
  };
}
