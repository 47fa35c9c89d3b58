export interface BenchOptions {
  /** Rewrite BENCHMARKS.md with the report (`--write` or BENCH_WRITE=1). */
  readonly write: boolean;
  /** A tenth of the scrapes, to try the bench itself (`--quick` or BENCH_QUICK=1). */
  readonly quick: boolean;
}

const USAGE = 'usage: npm run bench [-- --write] [-- --quick]';

export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  for (const arg of argv) {
    if (arg !== '--write' && arg !== '--quick') throw new Error(`unknown argument ${arg}; ${USAGE}`);
  }
  const on = (flag: string, variable: string): boolean => argv.includes(flag) || env[variable] === '1';
  return { write: on('--write', 'BENCH_WRITE'), quick: on('--quick', 'BENCH_QUICK') };
}

export function commandLine(options: BenchOptions): string {
  const args = [options.write ? '--write' : '', options.quick ? '--quick' : ''].filter(Boolean);
  return args.length > 0 ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}
