import type { ComponentName, StackLayout } from './layout.js';
import { REPO_PATHS } from './repo.js';
import type { StackSettings } from './settings.js';

/** The database the bridge keeps its history in; it creates it on start. */
export const HISTORY_DATABASE = 'hostwatch';

/** One process of the stack: how to start it and how to tell it is ready. */
export interface Component {
  readonly name: ComponentName;
  readonly title: string;
  readonly command: string;
  readonly args: readonly string[];
  /** On top of the caller's environment, without its bridge variables (see childEnvironment). */
  readonly env: Readonly<Record<string, string>>;
  /** Where people reach it. */
  readonly url: string;
  /** Answers 2xx once the component serves: /-/ready, /ping, /readyz, /metrics. */
  readonly readyUrl: string;
  /**
   * Part of the process' command line (/proc/PID/cmdline) that only this component has: a pid file
   * naming a process without it is stale (the pid was reused), and `down` leaves that process alone.
   */
  readonly commandMarker: string;
}

/**
 * Variables the bridge reads, and influxd's INFLUXDB_* overrides of its configuration file: only the
 * stack decides them, whatever the caller's shell exports.
 */
const BRIDGE_VARIABLE = /^(BRIDGE_|INFLUXDB_|TELEGRAM_)|^(PROMETHEUS_URL|ALERTMANAGER_URL)$/;

/** The caller's environment without the bridge's variables, plus the component's own. */
export function childEnvironment(component: Component, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(env).filter(([name]) => !BRIDGE_VARIABLE.test(name)));
  return { ...inherited, ...component.env };
}

/** The stack's components in start order: each one's dependencies come before it. */
export function stackComponents(settings: StackSettings, layout: StackLayout): Component[] {
  const { ports } = settings;
  const local = (port: number): string => `http://127.0.0.1:${port}`;
  return [
    {
      name: 'influxdb',
      title: 'InfluxDB',
      command: 'influxd',
      args: ['run', '-config', layout.influxdbConfig],
      env: { INFLUXDB_CONFIG_PATH: layout.influxdbConfig },
      url: local(ports.influxdb),
      readyUrl: `${local(ports.influxdb)}/ping`,
      commandMarker: layout.influxdbConfig,
    },
    {
      name: 'exporter',
      title: 'exporter',
      // Run as the file itself, so that its shebang's V8 heap flags apply.
      command: REPO_PATHS.exporterMain,
      args: [`--web.listen-address=127.0.0.1:${ports.exporter}`],
      env: {},
      url: `${local(ports.exporter)}/metrics`,
      readyUrl: `${local(ports.exporter)}/metrics`,
      commandMarker: REPO_PATHS.exporterMain,
    },
    {
      name: 'bridge',
      title: 'alert bridge',
      command: process.execPath,
      args: [REPO_PATHS.bridgeMain],
      env: {
        BRIDGE_LISTEN_ADDRESS: `127.0.0.1:${ports.bridge}`,
        BRIDGE_AUTH_TOKEN_FILE: layout.tokenFile,
        BRIDGE_DATA_DIR: layout.dataDir('bridge'),
        INFLUXDB_URL: `${local(ports.influxdb)}/${HISTORY_DATABASE}`,
        PROMETHEUS_URL: local(ports.prometheus),
        ALERTMANAGER_URL: local(ports.alertmanager),
        ...settings.telegramEnv,
      },
      url: local(ports.bridge),
      readyUrl: `${local(ports.bridge)}/readyz`,
      commandMarker: REPO_PATHS.bridgeMain,
    },
    {
      name: 'alertmanager',
      title: 'Alertmanager',
      command: 'prometheus-alertmanager',
      args: [
        `--config.file=${layout.alertmanagerConfig}`,
        `--storage.path=${layout.dataDir('alertmanager')}`,
        `--web.listen-address=127.0.0.1:${ports.alertmanager}`,
        `--web.external-url=${local(ports.alertmanager)}/`,
        // An empty address turns clustering (port 9094 on every interface) off: one Alertmanager.
        '--cluster.listen-address=',
      ],
      env: {},
      url: local(ports.alertmanager),
      readyUrl: `${local(ports.alertmanager)}/-/ready`,
      commandMarker: layout.alertmanagerConfig,
    },
    {
      name: 'prometheus',
      title: 'Prometheus',
      command: 'prometheus',
      args: [
        `--config.file=${layout.prometheusConfig}`,
        `--storage.tsdb.path=${layout.dataDir('prometheus')}`,
        `--web.listen-address=127.0.0.1:${ports.prometheus}`,
        `--web.external-url=${local(ports.prometheus)}/`,
        // POST /-/reload: `up` applies a changed inventory to a running stack.
        '--web.enable-lifecycle',
      ],
      env: {},
      url: local(ports.prometheus),
      readyUrl: `${local(ports.prometheus)}/-/ready`,
      commandMarker: layout.prometheusConfig,
    },
  ];
}
