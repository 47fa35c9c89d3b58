import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ResidentMemory } from './proc-stats.js';

const run = promisify(execFile);
const EXPORTER_DIR = fileURLToPath(new URL('../../exporter/', import.meta.url));

/** What one piece of the exporter costs on its own, loaded into an otherwise empty node. */
export interface ModuleCostStep {
  readonly name: string;
  /** An ES module body run with the exporter package as working directory. */
  readonly code: string;
}

export interface ModuleCost extends ResidentMemory {
  readonly name: string;
  readonly heapUsed: number;
}

export const MODULE_COST_STEPS: readonly ModuleCostStep[] = [
  { name: 'empty node (baseline)', code: '' },
  { name: "import 'prom-client'", code: "await import('prom-client');" },
  {
    name: 'prom-client collectDefaultMetrics + one render',
    code: "const p = await import('prom-client'); const r = new p.Registry(); p.collectDefaultMetrics({ register: r }); await r.metrics();",
  },
  {
    // What the exporter loads of it (exporter/src/prom-client-modules.ts).
    name: "prom-client's registry, gauge and defaultMetrics modules only",
    code: "await import('prom-client/lib/registry.js'); await import('prom-client/lib/gauge.js'); await import('prom-client/lib/defaultMetrics.js');",
  },
  { name: "'a'.localeCompare('b') (ICU collation)", code: "'a'.localeCompare('b');" },
  { name: "import 'pino'", code: "await import('pino');" },
  { name: "import 'commander'", code: "await import('commander');" },
  { name: "import 'negotiator'", code: "await import('negotiator');" },
  // Loaded lazily, by the systemd collector only: what enabling that collector adds.
  { name: "import 'dbus-next' (systemd collector only)", code: "await import('dbus-next');" },
  {
    name: 'node:http server answering one request',
    code:
      // The client is node:http too (fetch would load undici, which the exporter never does).
      "const http = await import('node:http'); const s = http.createServer((q, a) => a.end('x'));" +
      " await new Promise((r) => s.listen(0, '127.0.0.1', r));" +
      ' await new Promise((r) => http.get(`http://127.0.0.1:${s.address().port}/`, (res) => res.resume().on(\'end\', r)));' +
      ' s.close();',
  },
  {
    name: 'node:zlib gzip (level 1) of 30 kB',
    code: "(await import('node:zlib')).gzipSync('x'.repeat(30000), { level: 1 });",
  },
  {
    name: 'all exporter modules loaded, nothing listening',
    code: "await import('./dist/collectors/index.js'); await import('./dist/exporter.js'); await import('./dist/cli.js'); await import('./dist/log.js');",
  },
];

const MEASURE = `
const { readFileSync } = await import('node:fs');
const kib = (s, key) => Number(new RegExp('^' + key + ':\\\\s+(\\\\d+) kB$', 'm').exec(s)[1]) * 1024;
globalThis.gc(); await new Promise((r) => setTimeout(r, 200)); globalThis.gc();
const status = readFileSync('/proc/self/status', 'utf8');
process.stdout.write(JSON.stringify({ rss: kib(status, 'VmRSS'), anon: kib(status, 'RssAnon'),
  file: kib(status, 'RssFile'), heapUsed: process.memoryUsage().heapUsed }));
`;

export async function measureModuleCost(step: ModuleCostStep): Promise<ModuleCost> {
  const { stdout } = await run('node', ['--expose-gc', '--input-type=module', '-e', `${step.code}\n${MEASURE}`], {
    cwd: EXPORTER_DIR,
  });
  return { name: step.name, ...(JSON.parse(stdout) as Omit<ModuleCost, 'name'>) };
}

export async function measureModuleCosts(steps = MODULE_COST_STEPS): Promise<ModuleCost[]> {
  const costs: ModuleCost[] = [];
  for (const step of steps) costs.push(await measureModuleCost(step)); // one at a time: no contention
  return costs;
}
