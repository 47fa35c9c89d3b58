import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { startProcess, waitForHttp, type RunningProcess } from './processes.js';

export const exporterMain = fileURLToPath(new URL('../../exporter/dist/main.js', import.meta.url));

/** node_exporter's collectors that Hostwatch's exporter also has, for side-by-side runs. */
export const SHARED_COLLECTORS = ['cpu', 'meminfo', 'filesystem', 'loadavg', 'stat', 'time', 'uname'] as const;

export const NODE_EXPORTER_BINARY = 'prometheus-node-exporter';

/** Debian patches node_exporter's mount-point exclusions; comparisons pass the same one to both. */
export const SHARED_MOUNT_POINTS_EXCLUDE = '^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)';

export interface StartedExporter {
  readonly process: RunningProcess;
  readonly port: number;
  readonly url: string;
}

export async function startHostwatchExporter(args: readonly string[] = []): Promise<StartedExporter> {
  const port = await freePort();
  const process = startProcess('node', [exporterMain, `--web.listen-address=127.0.0.1:${port}`, ...args]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, process);
  return { process, port, url };
}

export async function startNodeExporter(args: readonly string[] = []): Promise<StartedExporter> {
  const port = await freePort();
  const process = startProcess(NODE_EXPORTER_BINARY, [`--web.listen-address=127.0.0.1:${port}`, ...args]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, process);
  return { process, port, url };
}

export function collectorFlags(collectors: readonly string[] = SHARED_COLLECTORS): string[] {
  return [
    '--collector.disable-defaults',
    ...collectors.map((c) => `--collector.${c}`),
    `--collector.filesystem.mount-points-exclude=${SHARED_MOUNT_POINTS_EXCLUDE}`,
  ];
}
