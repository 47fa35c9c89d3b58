import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import t from 'tap';
import { ConfigError, collectorDefinitions, type CollectorContext } from '../../src/collector.js';
import {
  createSystemdCollector,
  parseListUnits,
  parseSystemdVersion,
  systemdFamilies,
  UNIT_STATES,
  type SystemdReading,
  type UnitDetails,
  type UnitFilter,
} from '../../src/collectors/systemd.js';
import { defaultHostPaths } from '../../src/host-paths.js';
import type { MetricFamily } from '../../src/metric-family.js';

// What `busctl --json=pretty call org.freedesktop.systemd1 /org/freedesktop/systemd1
// org.freedesktop.systemd1.Manager ListUnits` prints on a Debian 12 web server.
const recorded = JSON.parse(readFileSync(new URL('../fixtures/systemd/list-units.json', import.meta.url), 'utf8')) as {
  data: [unknown];
};
const units = parseListUnits(recorded.data[0]);

// The Service.Type, Timer.LastTriggerUSec and Socket.N* properties the collector reads for them.
const details = new Map<string, UnitDetails>([
  ['nginx.service', { type: 'forking' }],
  ['httpd.service', { type: 'notify' }],
  ['cron.service', { type: 'simple' }],
  ['apt-daily.timer', { lastTriggerUsec: 1_700_000_000_250_000 }],
  ['dbus.socket', { socket: { accepted: 5, current: 2, refused: 0 } }],
  ['systemd-journald.socket', { socket: { accepted: 0 } }],
]);

const reading = (overrides: Partial<SystemdReading> = {}): SystemdReading => ({
  version: '252.22-1~deb12u1',
  systemState: 'running',
  units,
  details,
  ...overrides,
});

const anchored = (pattern: string) => new RegExp(`^(?:${pattern})$`);
const filter = (include = '.+', exclude = '.+\\.(automount|device|mount|scope|slice)'): UnitFilter => ({
  include: anchored(include),
  exclude: anchored(exclude),
});

function familyOf(families: MetricFamily[], name: string): MetricFamily | undefined {
  return families.find((f) => f.name === name);
}

function unitNames(families: MetricFamily[]): string[] {
  const samples = familyOf(families, 'node_systemd_unit_state')?.samples ?? [];
  return [...new Set(samples.map((s) => s.labels?.name))].sort() as string[];
}

/** name -> the state whose sample is 1 (or 'none'), checking there are exactly five samples. */
function currentStates(families: MetricFamily[]): Record<string, string> {
  const result: Record<string, string[]> = {};
  for (const s of familyOf(families, 'node_systemd_unit_state')?.samples ?? []) {
    const name = s.labels?.name as string;
    result[name] ??= [];
    if (s.value === 1) result[name].push(s.labels?.state as string);
    else if (s.value !== 0) result[name].push(`bad value ${s.value}`);
  }
  return Object.fromEntries(Object.entries(result).map(([name, on]) => [name, on.join(',') || 'none']));
}

t.test('parseListUnits reads the a(ssssssouso) tuples', async (t) => {
  t.equal(units.length, 26);
  t.same(units.find((u) => u.name === 'postgresql@15-main.service'), {
    name: 'postgresql@15-main.service',
    description: 'PostgreSQL Cluster 15-main',
    loadState: 'loaded',
    activeState: 'activating',
    subState: 'start',
    path: '/org/freedesktop/systemd1/unit/postgresql_4015_2dmain_2eservice',
  });
  t.throws(() => parseListUnits([['nginx.service', 'no more fields']]), /unexpected ListUnits entry/);
  t.throws(() => parseListUnits('nginx.service'), /did not return an array/);
});

t.test('default filters drop automount, device, mount, scope and slice units and units not loaded', async (t) => {
  t.same(unitNames(systemdFamilies(reading(), filter())), [
    'apt-daily.service',
    'apt-daily.timer',
    'basic.target',
    'cron.service',
    'dbus.service',
    'dbus.socket',
    'httpd.service',
    'logrotate.timer',
    'multi-user.target',
    'nginx.service',
    'php8.2-fpm.service',
    'postgresql@15-main.service',
    'rsyslog.service',
    'ssh.service',
    'systemd-journald.service',
    'systemd-journald.socket',
    'systemd-tmpfiles-setup.service',
  ]);
});

t.test('include and exclude are anchored, and a unit must match include and not exclude', async (t) => {
  t.same(unitNames(systemdFamilies(reading(), filter('(nginx|httpd)\\.service'))), ['httpd.service', 'nginx.service']);
  t.same(unitNames(systemdFamilies(reading(), filter('nginx'))), [], 'include "nginx" does not match nginx.service');
  t.same(unitNames(systemdFamilies(reading(), filter('.+\\.service', '(httpd|apt-daily|php.*|postgres.*|systemd-.*)\\.service'))), [
    'cron.service',
    'dbus.service',
    'nginx.service',
    'rsyslog.service',
    'ssh.service',
  ]);
  t.same(unitNames(systemdFamilies(reading(), filter('.+\\.mount', '.+\\.device'))), ['-.mount', 'sys-kernel-debug.mount']);
});

t.test('one sample per state, 1 for the current one', async (t) => {
  const families = systemdFamilies(reading(), filter());
  const states = currentStates(families);
  t.equal(states['nginx.service'], 'active');
  t.equal(states['postgresql@15-main.service'], 'activating');
  t.equal(states['rsyslog.service'], 'deactivating');
  t.equal(states['apt-daily.service'], 'inactive');
  t.equal(states['httpd.service'], 'failed');
  t.equal(states['php8.2-fpm.service'], 'none', 'reloading is none of the five states');
  const perUnit = familyOf(families, 'node_systemd_unit_state')?.samples.filter((s) => s.labels?.name === 'nginx.service');
  t.same(
    perUnit?.map((s) => s.labels?.state),
    [...UNIT_STATES],
  );
  t.same(familyOf(families, 'node_systemd_unit_state')?.labelNames, ['name', 'state', 'type']);
});

t.test('type is the Service or Mount Type property, empty for other units or when unread', async (t) => {
  const families = systemdFamilies(reading(), filter('.+', 'none'));
  const typeOf = (name: string) =>
    familyOf(families, 'node_systemd_unit_state')?.samples.find((s) => s.labels?.name === name)?.labels?.type;
  t.equal(typeOf('nginx.service'), 'forking');
  t.equal(typeOf('httpd.service'), 'notify');
  t.equal(typeOf('ssh.service'), '');
  t.equal(typeOf('dbus.socket'), '');
  t.equal(typeOf('-.mount'), '');
});

t.test('node_systemd_units counts every unit before filtering, the five states always present', async (t) => {
  const counts = (r: SystemdReading) =>
    Object.fromEntries(familyOf(systemdFamilies(r, filter('nginx\\.service')), 'node_systemd_units')?.samples.map((s) => [s.labels?.state, s.value]) ?? []);
  t.same(counts(reading()), { active: 20, activating: 1, deactivating: 1, inactive: 2, failed: 1, reloading: 1 });
  t.same(counts(reading({ units: [] })), { active: 0, activating: 0, deactivating: 0, inactive: 0, failed: 0 });
});

t.test('version, system state, timers and sockets', async (t) => {
  const families = systemdFamilies(reading(), filter());
  t.same(familyOf(families, 'node_systemd_version')?.samples, [{ labels: { version: '252.22-1~deb12u1' }, value: 252.22 }]);
  t.same(familyOf(families, 'node_systemd_system_running')?.samples, [{ value: 1 }]);
  t.same(familyOf(systemdFamilies(reading({ systemState: 'degraded' }), filter()), 'node_systemd_system_running')?.samples, [{ value: 0 }]);
  t.equal(familyOf(systemdFamilies(reading({ systemState: undefined }), filter()), 'node_systemd_system_running'), undefined);
  t.same(familyOf(families, 'node_systemd_timer_last_trigger_seconds')?.samples, [{ labels: { name: 'apt-daily.timer' }, value: 1_700_000_000.25 }]);
  t.same(familyOf(families, 'node_systemd_socket_accepted_connections_total')?.samples, [
    { labels: { name: 'dbus.socket' }, value: 5 },
    { labels: { name: 'systemd-journald.socket' }, value: 0 },
  ]);
  t.equal(familyOf(families, 'node_systemd_socket_accepted_connections_total')?.type, 'counter');
  t.same(familyOf(families, 'node_systemd_socket_current_connections')?.samples, [{ labels: { name: 'dbus.socket' }, value: 2 }]);
  t.same(familyOf(families, 'node_systemd_socket_refused_connections_total')?.samples, [{ labels: { name: 'dbus.socket' }, value: 0 }]);
  const none = systemdFamilies(reading({ details: new Map() }), filter());
  t.equal(familyOf(none, 'node_systemd_timer_last_trigger_seconds'), undefined, 'no empty families');
});

t.test('parseSystemdVersion reads the number as node_exporter does', async (t) => {
  t.equal(parseSystemdVersion('252.22-1~deb12u1'), 252.22);
  t.equal(parseSystemdVersion('249.11-0ubuntu3.12'), 249.11);
  t.equal(parseSystemdVersion('255'), 255);
  t.equal(parseSystemdVersion(''), 0);
  t.equal(parseSystemdVersion('v42'), 0);
});

const definition = collectorDefinitions().find((d) => d.name === 'systemd');

function context(flags: Record<string, string>): CollectorContext {
  const defaults = new Map((definition?.flags ?? []).map((f) => [f.name, f.defaultValue]));
  return {
    paths: defaultHostPaths,
    logger: pino({ level: 'silent' }),
    flag: (name) => {
      const value = flags[name] ?? defaults.get(name);
      if (value === undefined) throw new Error(`undeclared flag ${name}`);
      return value;
    },
  };
}

t.test('registered, enabled by default, with node_exporter 1.5 flag defaults', async (t) => {
  t.equal(definition?.defaultEnabled, true);
  t.same(Object.fromEntries((definition?.flags ?? []).map((f) => [f.name, f.defaultValue])), {
    'collector.systemd.unit-include': '.+',
    'collector.systemd.unit-exclude': '.+\\.(automount|device|mount|scope|slice)',
    'collector.systemd.private': 'false',
    'collector.systemd.timeout': '5s',
  });
  t.ok(createSystemdCollector(context({})));
});

t.test('a bad flag is a ConfigError naming it', async (t) => {
  const cases: [string, string][] = [
    ['collector.systemd.unit-include', '(nginx'],
    ['collector.systemd.unit-exclude', '[a-'],
    ['collector.systemd.private', 'yes'],
    ['collector.systemd.timeout', 'soon'],
  ];
  for (const [flag, value] of cases) {
    let thrown: unknown;
    try {
      createSystemdCollector(context({ [flag]: value }));
    } catch (error) {
      thrown = error;
    }
    t.type(thrown, ConfigError, flag);
    t.equal((thrown as ConfigError | undefined)?.key, `--${flag}`);
    t.match((thrown as Error | undefined)?.message, `--${flag}: `);
  }
});
