import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './ports.js';
import { makeTempDir, startProcess, waitForHttp, type RunningProcess } from './processes.js';

export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

/** Every alert goes to a receiver that sends nothing: tests read the API, not notifications. */
export const QUIET_ALERTMANAGER_CONFIG = `route:
  receiver: nowhere
receivers:
  - name: nowhere
`;

export interface PostableAlert {
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly startsAt?: string;
  readonly endsAt?: string;
}

export interface StartedAlertmanager {
  readonly process: RunningProcess;
  readonly url: string;
  readonly dir: string;
  /** POST /api/v2/alerts, as Prometheus does. */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Debian's Alertmanager on loopback, alone (no cluster), with a temporary storage dir. */
export async function startAlertmanager(configYaml = QUIET_ALERTMANAGER_CONFIG): Promise<StartedAlertmanager> {
  const temp = await makeTempDir('alertmanager');
  const configFile = path.join(temp.path, 'alertmanager.yml');
  await writeFile(configFile, configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startProcess(ALERTMANAGER_BINARY, [
    `--config.file=${configFile}`,
    `--storage.path=${path.join(temp.path, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // An empty address turns clustering off, so that parallel test runs never gossip with each other.
    '--cluster.listen-address=',
  ], { cwd: temp.path });
  await waitForHttp(`${url}/-/ready`, process, 60_000);
  return {
    process,
    url,
    dir: temp.path,
    postAlerts: async (alerts) => {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`Alertmanager POST /api/v2/alerts: HTTP ${response.status} ${text}`);
    },
    stop: async () => {
      await process.stop();
      await temp.remove();
    },
  };
}
