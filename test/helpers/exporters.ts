import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { startProcess, waitFor, waitForHttp, type RunningProcess } from './processes.js';

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

export interface HostwatchExporterOptions {
  /**
   * The args give a web config with TLS: the url is https, and readiness is the port accepting
   * connections, since a plain GET / cannot pass TLS, client certificates or basic auth.
   */
  readonly https?: boolean;
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port; fails early if the process exits. */
async function waitForPort(port: number, process: RunningProcess): Promise<void> {
  await waitFor(`127.0.0.1:${port}`, async () => {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`process exited early:\n${process.output()}`);
    }
    return new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  });
}

export async function startHostwatchExporter(
  args: readonly string[] = [],
  options: HostwatchExporterOptions = {},
): Promise<StartedExporter> {
  const port = await freePort();
  const process = startProcess('node', [exporterMain, `--web.listen-address=127.0.0.1:${port}`, ...args]);
  const url = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}`;
  if (options.https) await waitForPort(port, process);
  else await waitForHttp(`${url}/`, process);
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
