import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './ports.js';
import { makeTempDir, startProcess, type RunningProcess } from './processes.js';

export interface StartedInfluxDB {
  /** http://127.0.0.1:<port>, the same across restarts. */
  readonly url: string;
  readonly dir: string;
  /** `${url}/${database}`: the bridge's INFLUXDB_URL form. */
  urlFor(database: string): string;
  /** Runs InfluxQL over /query, bypassing any client under test; returns the series of each statement. */
  query(influxql: string, database?: string): Promise<InfluxSeries[][]>;
  running(): boolean;
  /** The current influxd's process id. */
  pid(): number;
  /** SIGTERM, then SIGKILL after graceMs. Keeps the data directory. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: no chance to flush anything that was not already fsynced. */
  kill(): Promise<void>;
  /** Starts again (stopping first if needed) on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops and removes the data directory; for t.teardown. */
  cleanup(): Promise<void>;
  /** Everything the current process logged (warnings and errors only). */
  output(): string;
}

export interface InfluxSeries {
  readonly name: string;
  readonly tags?: Record<string, string>;
  readonly columns: string[];
  readonly values: unknown[][];
}

export interface InfluxDBOptions {
  /** More settings of the [data] section, e.g. { 'compact-full-write-cold-duration': '30s' }. */
  readonly data?: Readonly<Record<string, string>>;
}

/** Debian's influxd 1.x as a plain process on loopback, with its data in a fresh temporary directory. */
export async function startInfluxDB(options: InfluxDBOptions = {}): Promise<StartedInfluxDB> {
  const temp = await makeTempDir('influxdb');
  const configFile = path.join(temp.path, 'influxdb.conf');
  let process: RunningProcess | undefined;
  let httpPort = 0;

  const launch = async (): Promise<void> => {
    process = startProcess('influxd', ['run', '-config', configFile], { cwd: temp.path, env: { INFLUXDB_CONFIG_PATH: configFile } });
    await waitForPing(`http://127.0.0.1:${httpPort}`, process);
  };

  // A port free a moment ago may be taken by the time influxd binds it: pick new ones and try again.
  for (let attempt = 1; ; attempt++) {
    httpPort = await freePort();
    await writeFile(configFile, renderConfig(temp.path, httpPort, await freePort(), options.data ?? {}));
    try {
      await launch();
      break;
    } catch (error) {
      await process?.stop(1000);
      if (attempt === 3) {
        await temp.remove();
        throw error;
      }
    }
  }

  const url = `http://127.0.0.1:${httpPort}`;
  const current = (): RunningProcess => process as RunningProcess;
  const isRunning = (): boolean => current().child.exitCode === null && current().child.signalCode === null;
  const stop = async (graceMs = 10_000): Promise<void> => {
    await current().stop(graceMs);
  };

  return {
    url,
    dir: temp.path,
    urlFor: (database) => `${url}/${encodeURIComponent(database)}`,
    query: async (influxql, database) => {
      const params = new URLSearchParams({ q: influxql, epoch: 'ns' });
      if (database !== undefined) params.set('db', database);
      const response = await fetch(`${url}/query`, { method: 'POST', body: params });
      const body = (await response.json()) as { results?: { series?: InfluxSeries[]; error?: string }[]; error?: string };
      const failed = body.error ?? body.results?.find((r) => r.error)?.error;
      if (!response.ok || failed) throw new Error(`InfluxDB ${influxql}: ${failed ?? response.status}`);
      return (body.results ?? []).map((r) => r.series ?? []);
    },
    running: isRunning,
    pid: () => current().child.pid as number,
    stop,
    kill: async () => {
      if (!isRunning()) return;
      current().child.kill('SIGKILL');
      await current().exited();
    },
    restart: async () => {
      await stop();
      // The old listener is gone once the process has exited; Go sets SO_REUSEADDR, so the port binds again.
      await launch();
    },
    cleanup: async () => {
      await stop(5000);
      await temp.remove();
    },
    output: () => current().output(),
  };
}

/** influxd 1.6 opens its shards before it listens, which can take seconds on a busy machine. */
async function waitForPing(url: string, process: RunningProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.child.exitCode !== null || process.child.signalCode !== null) {
      throw new Error(`influxd exited before answering /ping:\n${process.output()}`);
    }
    try {
      const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 204) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`influxd did not answer ${url}/ping within ${timeoutMs} ms:\n${process.output()}`);
    await sleep(50);
  }
}

/** Only what differs from influxd's defaults; every write still fsyncs the WAL before its 204 (wal-fsync-delay 0s). */
function renderConfig(dir: string, httpPort: number, rpcPort: number, data: Readonly<Record<string, string>>): string {
  const moreData = Object.entries(data).map(([key, value]) => `\n  ${key} = ${JSON.stringify(value)}`).join('');
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${path.join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${path.join(dir, 'data')}"
  wal-dir = "${path.join(dir, 'wal')}"
  wal-fsync-delay = "0s"
  query-log-enabled = false${moreData}

[monitor]
  store-enabled = false

[http]
  bind-address = "127.0.0.1:${httpPort}"
  log-enabled = false
  suppress-write-log = true
  pprof-enabled = false

[continuous_queries]
  log-enabled = false

[logging]
  level = "warn"
  suppress-logo = true
`;
}
