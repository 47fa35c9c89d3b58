import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { NODE_EXPORTER_BINARY } from '../../test/helpers/exporters.js';

const run = promisify(execFile);

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryBytes: number;
  readonly kernel: string;
  readonly node: string;
  readonly nodeExporter: string;
  readonly systeminformation: string;
  /** The commit the exporter was built from, and whether exporter/ differed from it. */
  readonly exporterRevision: string;
  readonly loadavgAtStart: readonly number[];
}

async function nodeExporterVersion(): Promise<string> {
  // node_exporter prints its version banner on stderr.
  const { stdout, stderr } = await run(NODE_EXPORTER_BINARY, ['--version']);
  return (`${stdout}${stderr}`.split('\n')[0] ?? '').trim();
}

async function packageVersion(name: string): Promise<string> {
  const manifest = new URL(`../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

/** HEAD's short hash, and whether `folder` (say `alert-bridge/src`) differs from it. */
export async function sourceRevision(folder: string): Promise<string> {
  const cwd = new URL('../../', import.meta.url);
  const { stdout: head } = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd });
  const { stdout: changes } = await run('git', ['status', '--porcelain', '--', folder], { cwd });
  return `${head.trim()}${changes.trim() ? ` with uncommitted changes in ${folder}` : ''}`;
}

export async function describeMachine(): Promise<Machine> {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    nodeExporter: await nodeExporterVersion(),
    systeminformation: await packageVersion('systeminformation'),
    exporterRevision: await sourceRevision('exporter/src'),
    loadavgAtStart: os.loadavg(),
  };
}
