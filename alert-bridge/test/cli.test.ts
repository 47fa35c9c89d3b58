import t from 'tap';
import { parseCommandLine } from '../src/cli.js';

const argv = (...args: string[]): string[] => ['node', 'main.js', ...args];

t.test('--config FILE, --config=FILE, --help, --version', async (t) => {
  t.same(parseCommandLine(argv()), { help: false, version: false });
  t.same(parseCommandLine(argv('--config', 'bridge.yml')), { configFile: 'bridge.yml', help: false, version: false });
  t.same(parseCommandLine(argv('--config=/etc/b.yml', '--help')), { configFile: '/etc/b.yml', help: true, version: false });
  t.same(parseCommandLine(argv('--version')), { help: false, version: true });
});

t.test('anything else stops start-up', async (t) => {
  t.throws(() => parseCommandLine(argv('--listen', ':1')), { name: 'ConfigError', message: /^command line: Unknown option '--listen'.*\(see --help\)$/ });
  t.throws(() => parseCommandLine(argv('extra')), { name: 'ConfigError', message: /^command line: .*extra/ });
  t.throws(() => parseCommandLine(argv('--config')), { name: 'ConfigError', message: /^command line: Option '--config <value>' argument missing/ });
});
