import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './ports.js';
import { makeTempDir, startProcess, waitFor, waitForHttp, type RunningProcess } from './processes.js';

export interface PrometheusSeries {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}

export interface StartedPrometheus {
  readonly process: RunningProcess;
  readonly url: string;
  readonly dir: string;
  query(expr: string, time?: number): Promise<{ resultType: string; result: PrometheusSeries[] | [number, string] }>;
  queryRange(expr: string, start: number, end: number, step: number): Promise<PrometheusSeries[]>;
  /** /api/v1/label/<label>/values, limited to the series matching any of `match` when given. */
  labelValues(label: string, match?: readonly string[]): Promise<string[]>;
  /** Waits until every active target has been scraped successfully at least once. */
  waitForTargetsUp(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts Debian's Prometheus on loopback with the given prometheus.yml text and a temporary TSDB. */
export async function startPrometheus(configYaml: string, extraFiles: Record<string, string> = {}): Promise<StartedPrometheus> {
  const temp = await makeTempDir('prometheus');
  const configFile = path.join(temp.path, 'prometheus.yml');
  await writeFile(configFile, configYaml);
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(temp.path, name), content);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startProcess('prometheus', [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(temp.path, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--web.enable-lifecycle',
  ], { cwd: temp.path });
  await waitForHttp(`${url}/-/ready`, process, 60_000);

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const response = await fetch(`${url}${pathAndQuery}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${pathAndQuery}: ${body.error ?? response.status}`);
    return body.data;
  };

  return {
    process,
    url,
    dir: temp.path,
    query: (expr, time) =>
      api(`/api/v1/query?query=${encodeURIComponent(expr)}${time === undefined ? '' : `&time=${time}`}`),
    queryRange: (expr, start, end, step) =>
      api<{ result: PrometheusSeries[] }>(
        `/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${start}&end=${end}&step=${step}`,
      ).then((data) => data.result),
    labelValues: (label, match = []) =>
      api<string[]>(
        `/api/v1/label/${encodeURIComponent(label)}/values?${match.map((m) => `match[]=${encodeURIComponent(m)}`).join('&')}`,
      ),
    waitForTargetsUp: async (count, timeoutMs = 60_000) => {
      await waitFor(
        `${count} Prometheus targets up`,
        async () => {
          const data = await api<{ activeTargets: { health: string; lastError: string }[] }>('/api/v1/targets');
          const up = data.activeTargets.filter((t) => t.health === 'up').length;
          if (up >= count) return true;
          const errors = data.activeTargets.map((t) => t.lastError).filter(Boolean);
          if (errors.length > 0) throw new Error(errors.join('; '));
          return false;
        },
        timeoutMs,
        250,
      );
    },
    stop: async () => {
      await process.stop();
      await temp.remove();
    },
  };
}

/** A prometheus.yml that scrapes `targets` as one job every `intervalSeconds` (timeout the same). */
export function staticScrapeConfig(job: string, targets: readonly string[], intervalSeconds: number): string {
  return [
    'global:',
    `  scrape_interval: ${intervalSeconds}s`,
    `  scrape_timeout: ${intervalSeconds}s`,
    'scrape_configs:',
    `  - job_name: ${job}`,
    '    static_configs:',
    `      - targets: ['${targets.join("', '")}']`,
    '',
  ].join('\n');
}
