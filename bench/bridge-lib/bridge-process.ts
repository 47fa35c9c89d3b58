import { randomBytes } from 'node:crypto';
import { freePort } from '../../test/helpers/ports.js';
import { makeTempDir, startProcess, waitForHttp, type RunningProcess } from '../../test/helpers/processes.js';

const MAIN = new URL('../../alert-bridge/dist/main.js', import.meta.url).pathname;

export interface StartedBridge {
  readonly url: string;
  readonly token: string;
  readonly process: RunningProcess;
  /** SIGTERM (graceful), then removes its data directory. */
  cleanup(): Promise<void>;
}

/** The built bridge (alert-bridge/dist) as its own process, storing into influxdbUrl; `env` adds settings. */
export async function startBridge(influxdbUrl: string, env: Readonly<Record<string, string>> = {}): Promise<StartedBridge> {
  const dataDir = await makeTempDir('bridge-bench');
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const child = startProcess(process.execPath, [MAIN], {
    env: {
      BRIDGE_LISTEN_ADDRESS: `127.0.0.1:${port}`,
      BRIDGE_AUTH_TOKEN: token,
      INFLUXDB_URL: influxdbUrl,
      BRIDGE_DATA_DIR: dataDir.path,
      BRIDGE_LOG_LEVEL: 'warn',
      ...env,
    },
  });
  const cleanup = async (): Promise<void> => {
    await child.stop(15_000);
    await dataDir.remove();
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, child);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, token, process: child, cleanup };
}
