import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { startProcess, waitForHttp, type RunningProcess } from './processes.js';

export const bridgeMain = fileURLToPath(new URL('../../alert-bridge/dist/main.js', import.meta.url));

/** Whatever the developer's shell exports, each run sets the bridge's variables itself ('' is unset). */
export const CLEAN_BRIDGE_ENV: Readonly<Record<string, string>> = {
  BRIDGE_LISTEN_ADDRESS: '',
  BRIDGE_AUTH_TOKEN: '',
  BRIDGE_AUTH_TOKEN_FILE: '',
  BRIDGE_DATA_DIR: '',
  BRIDGE_LOG_LEVEL: '',
  INFLUXDB_URL: '',
  INFLUXDB_RETENTION: '',
  TELEGRAM_BOT_TOKEN: '',
  TELEGRAM_BOT_TOKEN_FILE: '',
  TELEGRAM_API_URL: '',
  TELEGRAM_CHAT_ID: '',
  TELEGRAM_ALLOWED_CHAT_IDS: '',
  TELEGRAM_ALLOWED_USER_IDS: '',
  TELEGRAM_TEMPLATE_FILE: '',
  PROMETHEUS_URL: '',
  ALERTMANAGER_URL: '',
};

export interface BridgeProcess {
  readonly url: string;
  readonly process: RunningProcess;
  /** fetch on the bridge with its bearer token. */
  request(path: string, init?: RequestInit): Promise<Response>;
  postWebhook(body: unknown): Promise<Response>;
}

/** The built bridge as its own process on a free loopback port, ready (readyz) when this resolves. */
export async function startBridgeProcess(options: { token: string; dataDir: string; env?: Record<string, string>; port?: number }): Promise<BridgeProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess('node', [bridgeMain], {
    env: { ...CLEAN_BRIDGE_ENV, BRIDGE_AUTH_TOKEN: options.token, BRIDGE_LISTEN_ADDRESS: `127.0.0.1:${port}`, BRIDGE_DATA_DIR: options.dataDir, ...options.env },
  });
  await waitForHttp(`${url}/readyz`, child);
  const request = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { Authorization: `Bearer ${options.token}`, ...(init.headers as Record<string, string> | undefined) } });
  return {
    url,
    process: child,
    request,
    postWebhook: (body) =>
      request('/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  };
}
