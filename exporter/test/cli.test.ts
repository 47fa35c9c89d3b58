import t from 'tap';
import '../src/collectors/index.js';
import { parseCommandLine, parseListenAddress } from '../src/cli.js';
import { ConfigError } from '../src/collector.js';

const parse = (...args: string[]) => parseCommandLine(['node', 'hostwatch-exporter', ...args], true);

t.test('defaults follow node_exporter, on a port of our own', async (t) => {
  const config = parse();
  t.same(config.listenAddresses, [{ port: 9110 }]);
  t.equal(config.telemetryPath, '/metrics');
  t.equal(config.maxRequests, 40);
  t.equal(config.disableExporterMetrics, false);
  t.same(config.paths, { procfs: '/proc', sysfs: '/sys', rootfs: '/' });
  t.ok(config.enabledCollectors.includes('cpu'));
  t.ok(config.enabledCollectors.includes('filesystem'));
  t.equal(config.collectorFlags.get('collector.filesystem.mount-timeout'), '5s');
});

t.test('--no-collector.NAME disables one collector, --collector.disable-defaults all but the named', async (t) => {
  t.notOk(parse('--no-collector.cpu').enabledCollectors.includes('cpu'));
  t.ok(parse('--no-collector.cpu').enabledCollectors.includes('meminfo'));
  t.same(parse('--collector.disable-defaults', '--collector.loadavg', '--collector.cpu').enabledCollectors, ['cpu', 'loadavg']);
});

t.test('flags take --flag=value and --flag value, and repeat --web.listen-address', async (t) => {
  const config = parse(
    '--web.listen-address=127.0.0.1:1234',
    '--web.listen-address',
    '[::1]:1235',
    '--web.telemetry-path=/m',
    '--collector.filesystem.mount-timeout',
    '2s',
    '--web.disable-exporter-metrics',
  );
  t.same(config.listenAddresses, [{ host: '127.0.0.1', port: 1234 }, { host: '::1', port: 1235 }]);
  t.equal(config.telemetryPath, '/m');
  t.equal(config.collectorFlags.get('collector.filesystem.mount-timeout'), '2s');
  t.equal(config.disableExporterMetrics, true);
});

t.test('bad values are reported by flag', async (t) => {
  t.throws(() => parse('--web.max-requests=many'), new ConfigError('--web.max-requests', '"many" is not a whole number'));
  t.throws(() => parse('--web.telemetry-path=metrics'), /--web.telemetry-path: "metrics" must start with \//);
  t.throws(() => parseListenAddress('9110'), /--web.listen-address: "9110" is not host:port/);
  t.throws(() => parseListenAddress(':99999'), /--web.listen-address/);
  t.throws(() => parse('--no-such-flag'), /unknown option '--no-such-flag'/);
  t.throws(() => parse('--log.level=chatty'), /Allowed choices are debug, info, warn, error/);
});
