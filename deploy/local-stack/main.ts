// `deploy/local-stack/stack.sh up|down|status`: Hostwatch's whole chain on this machine, on loopback,
// from Debian's packages and this checkout's build, with everything under one folder. stack.sh
// installs the packages and builds when needed, then runs this.
import { down } from './commands/down.js';
import { status } from './commands/status.js';
import { up } from './commands/up.js';
import { REPO_ROOT } from './repo.js';
import { PORTS, readSettings, StackSettingsError } from './settings.js';
import { StackError } from './stack-error.js';

const USAGE = `Usage: deploy/local-stack/stack.sh up | down [--purge] | status

  up        start the exporter, Prometheus, Alertmanager, InfluxDB and the alert bridge on 127.0.0.1,
            detached, and wait until each is ready; prints the URLs and the bridge's token file.
            With the stack already up: regenerate its configuration from the inventory and reload.
  down      stop them (data and configuration stay); --purge also deletes the folder
  status    each component's process and readiness; exit code 3 when one is not ready

Environment:
  HOSTWATCH_STACK_DIR        the folder for configuration, data, logs and pid files (default: .hostwatch-stack
                             in the repository)
  HOSTWATCH_STACK_INVENTORY  an inventory to use (see deploy/inventory.yml); default: one with this machine
${Object.values(PORTS).map((port) => `  ${port.variable.padEnd(34)} ${port.what}, default ${port.standard}`).join('\n')}
  TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID (and the bridge's other TELEGRAM_* variables): passed to the bridge;
                             without a token it only logs notifications
`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  const purge = command === 'down' && rest.length === 1 && rest[0] === '--purge';
  if (!['up', 'down', 'status'].includes(command) || (rest.length > 0 && !purge)) {
    process.stderr.write(`hostwatch-stack: unknown command or option: ${argv.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const settings = readSettings(process.env, process.cwd(), REPO_ROOT);
  if (command === 'up') return up(settings);
  if (command === 'down') return down(settings, { purge });
  return status(settings);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof StackSettingsError) {
      process.stderr.write(`hostwatch-stack: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      // StackError and file errors say what and where; anything else is a bug and keeps its stack.
      const known = error instanceof StackError || (error as NodeJS.ErrnoException).code !== undefined;
      process.stderr.write(`hostwatch-stack: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
      process.exitCode = 1;
    }
  },
);
