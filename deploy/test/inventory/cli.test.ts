import t from 'tap';
import { parseCommandLine } from '../../src/inventory/cli.js';

const argv = (...args: string[]): string[] => ['node', 'main.js', ...args];

t.test('--inventory with --out or --check; --help and --version alone', async (t) => {
  t.same(parseCommandLine(argv('--inventory', 'inv.yml', '--out', '/etc/prometheus')), {
    inventory: 'inv.yml',
    out: '/etc/prometheus',
    check: false,
    help: false,
    version: false,
  });
  t.same(parseCommandLine(argv('--inventory=inv.yml', '--check')), { inventory: 'inv.yml', check: true, help: false, version: false });
  t.same(parseCommandLine(argv('--inventory', 'i', '--out', 'o', '--alertmanager-template', 'am.yml')), {
    inventory: 'i',
    out: 'o',
    alertmanagerTemplate: 'am.yml',
    check: false,
    help: false,
    version: false,
  });
  t.same(parseCommandLine(argv('--help')), { check: false, help: true, version: false });
  t.same(parseCommandLine(argv('--version')), { check: false, help: false, version: true });
});

t.test('a command line that cannot run is a UsageError pointing at --help', async (t) => {
  const usage = (...args: string[]) => () => parseCommandLine(argv(...args));
  t.throws(usage('--out', 'o'), { name: 'UsageError', message: '--inventory FILE is required (see --help)' });
  t.throws(usage('--inventory', 'i'), { name: 'UsageError', message: '--out DIR is required (or --check) (see --help)' });
  t.throws(usage('--inventory', 'i', '--check', '--out', 'o'), { message: /--check writes nothing/ });
  t.throws(usage('--inventory', 'i', '--out', 'o', '--dry-run'), { name: 'UsageError', message: /Unknown option '--dry-run'.*\(see --help\)$/ });
  t.throws(usage('--inventory', 'i', 'extra'), { name: 'UsageError', message: /extra/ });
  t.throws(usage('--inventory'), { name: 'UsageError', message: /argument missing/ });
});
