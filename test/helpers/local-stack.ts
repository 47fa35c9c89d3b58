// The local stack (deploy/local-stack) for tests and benchmarks: the configuration `stack.sh up` writes
// and the commands it runs, but every component a child of the caller (stopped with it), in a temporary
// folder on free ports, with short timings in place of the shipped ones so that an alert goes through
// the whole chain in seconds. The shipped files are never touched: the timings are applied to the copies.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { childEnvironment, stackComponents, type Component } from '../../deploy/local-stack/components.js';
import { writeStackConfig } from '../../deploy/local-stack/config/write-config.js';
import { COMPONENT_NAMES, stackLayout, type ComponentName, type StackLayout } from '../../deploy/local-stack/layout.js';
import { claimStackFolder } from '../../deploy/local-stack/stack-folder.js';
import type { PortName, StackPorts, StackSettings } from '../../deploy/local-stack/settings.js';
import { ensureTokenFile } from '../../deploy/local-stack/token.js';
import { CLEAN_BRIDGE_ENV } from './bridge-process.js';
import { freePort } from './ports.js';
import { makeTempDir, startProcess, waitForHttp, type RunningProcess } from './processes.js';

/** Durations in Prometheus' notation ('1s', '0s'). */
export interface StackTimings {
  readonly scrapeInterval: string;
  readonly evaluationInterval: string;
  /** Every alerting rule's `for:`. */
  readonly ruleFor: string;
  readonly groupWait: string;
  readonly groupInterval: string;
  /**
   * Prometheus' --rules.alert.resend-delay (1m by default). After a reload Prometheus knows no
   * Alertmanager for up to 5 s and drops what it sends meanwhile (prometheus/prometheus#13064); a
   * firing or resolved alert is only sent again after this delay.
   */
  readonly resendDelay: string;
}

/**
 * Seconds instead of minutes. `for: 5s` rather than 0s: a test moves a threshold by reloading
 * Prometheus, and an alert firing in the first evaluation after the reload would meet the seconds in
 * which Prometheus knows no Alertmanager (see resendDelay), which is not what is being measured.
 */
export const FAST_TIMINGS: StackTimings = {
  scrapeInterval: '1s',
  evaluationInterval: '1s',
  ruleFor: '5s',
  groupWait: '1s',
  groupInterval: '1s',
  resendDelay: '1s',
};

export interface TestStackOptions {
  /** The inventory's YAML, given the stack's ports (the exporter's is ports.exporter). */
  readonly inventory: (ports: StackPorts) => string;
  readonly timings: StackTimings;
  /** On top of the stack's bridge variables: TELEGRAM_*, BRIDGE_LOG_LEVEL. */
  readonly bridgeEnv?: Readonly<Record<string, string>>;
  /** The exporter's listen addresses in place of 127.0.0.1:ports.exporter (the first one is polled for readiness). */
  readonly exporterListenAddresses?: (port: number) => readonly string[];
  /** More exporter flags (--no-collector.systemd, --web.max-requests=0, …). */
  readonly exporterArgs?: readonly string[];
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly activeAt: string;
  readonly value: string;
}

export interface TestStack {
  readonly settings: StackSettings;
  readonly layout: StackLayout;
  /** The bridge's bearer token (the stack's token file). */
  readonly token: string;
  url(component: ComponentName): string;
  process(component: ComponentName): RunningProcess;
  /** `data` of a Prometheus API call, e.g. prometheus('/api/v1/alerts'). */
  prometheus<T>(pathAndQuery: string): Promise<T>;
  /** Prometheus' alerts, pending and firing. */
  alerts(): Promise<PrometheusAlert[]>;
  /** fetch on the bridge with the token. */
  bridge(pathAndQuery: string): Promise<Response>;
  /** InfluxQL on the stack's InfluxDB; the series of the first statement. */
  influx(query: string, database: string): Promise<{ name: string; columns: string[]; values: unknown[][] }[]>;
  /** Writes the inventory, regenerates the configuration (timings applied again), reloads Prometheus and Alertmanager. */
  reconfigure(inventory: string): Promise<void>;
  stop(): Promise<void>;
}

async function editYaml(file: string, edit: (document: ReturnType<typeof parseDocument>) => void): Promise<void> {
  const document = parseDocument(await readFile(file, 'utf8'));
  edit(document);
  await writeFile(file, document.toString({ lineWidth: 0 }));
}

/** The timings, on the stack's generated copies of prometheus.yml, alertmanager.yml and the alert rules. */
export async function applyTimings(layout: StackLayout, timings: StackTimings): Promise<void> {
  await editYaml(layout.prometheusConfig, (document) => {
    document.setIn(['global', 'scrape_interval'], timings.scrapeInterval);
    // At most the interval, which Prometheus requires (its default is 10s).
    document.setIn(['global', 'scrape_timeout'], timings.scrapeInterval);
    document.setIn(['global', 'evaluation_interval'], timings.evaluationInterval);
  });
  await editYaml(layout.alertmanagerConfig, (document) => {
    document.setIn(['route', 'group_wait'], timings.groupWait);
    document.setIn(['route', 'group_interval'], timings.groupInterval);
  });
  await editYaml(path.join(layout.configDir, 'rules', 'host-alerts.yml'), (document) => {
    const groups = (document.toJS() as { groups: { rules: { for?: string }[] }[] }).groups;
    groups.forEach((group, g) =>
      group.rules.forEach((rule, r) => {
        if (rule.for !== undefined) document.setIn(['groups', g, 'rules', r, 'for'], timings.ruleFor);
      }),
    );
  });
}

async function freePorts(): Promise<StackPorts> {
  const names: PortName[] = ['prometheus', 'alertmanager', 'influxdb', 'influxdbRpc', 'bridge', 'exporter'];
  const ports = {} as Record<PortName, number>;
  for (const name of names) ports[name] = await freePort();
  return ports;
}

/** The component as the options want it: Prometheus' resend delay, the exporter's addresses and flags. */
function adapt(component: Component, options: TestStackOptions, port: number): Component {
  if (component.name === 'prometheus') return { ...component, args: [...component.args, `--rules.alert.resend-delay=${options.timings.resendDelay}`] };
  if (component.name !== 'exporter') return component;
  const addresses = options.exporterListenAddresses?.(port) ?? [`127.0.0.1:${port}`];
  return {
    ...component,
    args: [...addresses.map((address) => `--web.listen-address=${address}`), ...(options.exporterArgs ?? [])],
    readyUrl: `http://${addresses[0]}/metrics`,
  };
}

/** Starts the stack's five components as children, in up's order, each ready before the next. */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const temp = await makeTempDir('stack');
  const ports = await freePorts();
  const layout = stackLayout(path.join(temp.path, 'stack'));
  const inventoryFile = path.join(temp.path, 'inventory.yml');
  const settings: StackSettings = { dir: layout.root, ports, inventoryFile, telegramEnv: {} };
  const processes = new Map<ComponentName, RunningProcess>();
  const stop = async (): Promise<void> => {
    for (const name of [...COMPONENT_NAMES].reverse()) await processes.get(name)?.stop(10_000);
    await temp.remove();
  };

  const components = stackComponents(settings, layout).map((component) => adapt(component, options, ports.exporter));
  const urls = new Map(components.map((component) => [component.name, component.url]));
  try {
    await claimStackFolder(layout);
    await ensureTokenFile(layout.tokenFile);
    await writeFile(inventoryFile, options.inventory(ports));
    await writeStackConfig(settings, layout);
    await applyTimings(layout, options.timings);
    for (const component of components) {
      // The bridge's variables come from the stack alone ('' is unset), whatever the caller's shell exports.
      const env = component.name === 'bridge' ? { ...CLEAN_BRIDGE_ENV, ...childEnvironment(component, {}), ...options.bridgeEnv } : component.env;
      const child = startProcess(component.command, component.args, { env, cwd: layout.root });
      processes.set(component.name, child);
      await waitForHttp(component.readyUrl, child, 90_000);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const token = (await readFile(layout.tokenFile, 'utf8')).trim();
  const url = (name: ComponentName): string => urls.get(name) as string;
  const prometheus = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${url('prometheus')}${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? response.status}`);
    return body.data;
  };
  const reload = async (name: ComponentName): Promise<void> => {
    const response = await fetch(`${url(name)}/-/reload`, { method: 'POST' });
    if (!response.ok) throw new Error(`${name} /-/reload: HTTP ${response.status} ${await response.text()}`);
  };

  return {
    settings,
    layout,
    token,
    url,
    process: (name) => processes.get(name) as RunningProcess,
    prometheus,
    alerts: async () => (await prometheus<{ alerts: PrometheusAlert[] }>('/api/v1/alerts')).alerts,
    bridge: (pathAndQuery) => fetch(`${url('bridge')}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } }),
    influx: async (query, database) => {
      const response = await fetch(`${url('influxdb')}/query`, { method: 'POST', body: new URLSearchParams({ q: query, db: database }) });
      const body = (await response.json()) as { results?: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[]; error?: string };
      const failed = body.error ?? body.results?.[0]?.error;
      if (!response.ok || failed) throw new Error(`InfluxDB ${query}: ${failed ?? response.status}`);
      return body.results?.[0]?.series ?? [];
    },
    reconfigure: async (inventory) => {
      await writeFile(inventoryFile, inventory);
      await writeStackConfig(settings, layout);
      await applyTimings(layout, options.timings);
      await reload('prometheus');
      await reload('alertmanager');
    },
    stop,
  };
}
