import { parseArgs } from 'node:util';

export interface CommandLine {
  readonly inventory?: string;
  readonly out?: string;
  readonly alertmanagerTemplate?: string;
  readonly check: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** A command line the generator cannot run; exit code 2, like an invalid inventory. */
export class UsageError extends Error {
  constructor(reason: string) {
    super(`${reason} (see --help)`);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: hostwatch-inventory --inventory FILE --out DIR [--alertmanager-template FILE]
       hostwatch-inventory --inventory FILE --check

Reads the inventory (hosts, their labels, thresholds, Telegram chat and e-mail recipients) and writes
the files Prometheus and Alertmanager read. With npm: npm run inventory -- --inventory deploy/inventory.yml --out DIR

Writes into DIR (folders created, each file replaced atomically):
  targets/hosts.yml      file_sd targets for the "node" job, one group per host with its labels and
                         telegram_chat
  rules/thresholds.yml   recording rules hostwatch:threshold:{cpu,memory,filesystem}_percent: the
                         defaults (no instance label) and each host's overrides (instance="host:port")
  alertmanager.yml       the template with the inventory's SMTP settings, e-mail receivers and a
                         route per host with e-mail added

Options:
  --inventory FILE               the inventory (e.g. deploy/inventory.yml); required
  --out DIR                      where to write; point it at Prometheus' configuration directory
                                 (the one holding prometheus.yml), e.g. /etc/prometheus
  --alertmanager-template FILE   default: prometheus/alertmanager.yml of this repository
  --check                        validate the inventory and write nothing
  --help                         this text
  --version                      the version

Exit codes: 0 done; 1 a file could not be read or written, or the template is unusable;
2 an invalid inventory (every problem is printed, naming the host and key) or command line.
`;

export function parseCommandLine(argv: readonly string[]): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.slice(2),
      options: {
        inventory: { type: 'string' },
        out: { type: 'string' },
        'alertmanager-template': { type: 'string' },
        check: { type: 'boolean' },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const commandLine: CommandLine = {
    ...(values.inventory === undefined ? {} : { inventory: values.inventory }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['alertmanager-template'] === undefined ? {} : { alertmanagerTemplate: values['alertmanager-template'] }),
    check: values.check ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
  if (commandLine.help || commandLine.version) return commandLine;
  if (commandLine.inventory === undefined) throw new UsageError('--inventory FILE is required');
  if (commandLine.check && commandLine.out !== undefined) throw new UsageError('--check writes nothing; leave out --out');
  if (!commandLine.check && commandLine.out === undefined) throw new UsageError('--out DIR is required (or --check)');
  return commandLine;
}
