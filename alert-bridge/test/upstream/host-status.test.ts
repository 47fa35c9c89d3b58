import t from 'tap';
import { buildHostStatus, compareHostStatus, highestOver, type HostStatus, type HostStatusSamples } from '../../src/upstream/host-status.js';
import type { Sample } from '../../src/upstream/prometheus.js';

const time = new Date(0);
const s = (instance: string | undefined, value: number, labels: Record<string, string> = {}): Sample => ({
  labels: instance === undefined ? labels : { instance, ...labels },
  value,
  time,
});

const samples = (overrides: Partial<Omit<HostStatusSamples, 'thresholds'>> & { thresholds?: Partial<HostStatusSamples['thresholds']> } = {}): HostStatusSamples => ({
  up: [],
  cpu: [],
  memory: [],
  disk: [],
  uptime: [],
  ...overrides,
  thresholds: { cpu: [], memory: [], disk: [], ...overrides.thresholds },
});

t.test('one status per host, with its readings', async (t) => {
  const hosts = buildHostStatus(
    samples({
      up: [s('web1:9100', 1)],
      cpu: [s('web1:9100', 12.5)],
      memory: [s('web1:9100', 40)],
      disk: [s('web1:9100', 55, { mountpoint: '/var' })],
      uptime: [s('web1:9100', 86_400)],
    }),
  );
  t.same(hosts, [
    {
      instance: 'web1:9100',
      up: true,
      cpu: { percent: 12.5, threshold: 75, over: false },
      memory: { percent: 40, threshold: 75, over: false },
      disk: { percent: 55, threshold: 75, over: false, mountpoint: '/var' },
      uptimeSeconds: 86_400,
    },
  ]);
});

t.test('which instances are hosts', async (t) => {
  const hosts = buildHostStatus(
    samples({
      up: [s('prometheus:9090', 1), s('alertmanager:9093', 0), s('web1:9100', 1), s('web2:9100', 0)],
      cpu: [s('web1:9100', 5)],
      uptime: [s('db:9100', 100)],
    }),
  );
  t.same(
    hosts.map((h) => [h.instance, h.up]),
    [
      ['alertmanager:9093', false],
      ['web2:9100', false],
      ['db:9100', true],
      ['web1:9100', true],
    ],
    'node metrics make a host; a down target is shown whatever it is; a healthy non-node target is not',
  );
  t.same(hosts[1], { instance: 'web2:9100', up: false, cpu: { threshold: 75, over: false }, memory: { threshold: 75, over: false }, disk: { threshold: 75, over: false } });
});

t.test('readings are clamped to 0–100; NaN and infinities are no reading', async (t) => {
  const [host] = buildHostStatus(
    samples({ cpu: [s('a:1', -0.2)], memory: [s('a:1', 100.4)], disk: [s('a:1', NaN, { mountpoint: '/' })], uptime: [s('a:1', Infinity)] }),
  );
  t.equal(host?.cpu.percent, 0);
  t.equal(host?.memory.percent, 100);
  t.same(host?.disk, { threshold: 75, over: false, mountpoint: '/' });
  t.equal(host?.uptimeSeconds, undefined);
});

t.test('thresholds: per host, then a series without instance, then 75; nonsense is ignored', async (t) => {
  const hosts = buildHostStatus(
    samples({
      cpu: [s('a:1', 80), s('b:1', 80), s('c:1', 80)],
      memory: [s('a:1', 80), s('b:1', 80)],
      disk: [s('a:1', 80), s('b:1', 80)],
      thresholds: {
        cpu: [s('a:1', 90), s(undefined, 85)],
        memory: [s('a:1', NaN), s('b:1', 0), s('c:1', 150)],
        disk: [s('a:1', 79.5)],
      },
    }),
  );
  const byName = new Map(hosts.map((h) => [h.instance, h]));
  t.same(byName.get('a:1')?.cpu, { percent: 80, threshold: 90, over: false });
  t.same(byName.get('b:1')?.cpu, { percent: 80, threshold: 85, over: false }, 'the instance-less series is the default');
  t.same(byName.get('a:1')?.memory, { percent: 80, threshold: 75, over: true }, 'NaN ignored');
  t.same(byName.get('b:1')?.memory, { percent: 80, threshold: 75, over: true }, '0 ignored');
  t.same(byName.get('a:1')?.disk, { percent: 80, threshold: 79.5, over: true });
  t.same(byName.get('b:1')?.disk, { percent: 80, threshold: 75, over: true });
  t.same(byName.get('c:1')?.memory, { threshold: 75, over: false }, 'no reading is never over');
});

t.test('at the threshold is not over it', async (t) => {
  const [host] = buildHostStatus(samples({ cpu: [s('a:1', 75)] }));
  t.equal(host?.cpu.over, false);
});

t.test('order: down, then over a threshold by highest usage, then by name (web2 before web10)', async (t) => {
  const hosts = buildHostStatus(
    samples({
      up: [s('web10:9100', 1), s('web2:9100', 1), s('zz:9100', 0), s('aa:9100', 0), s('disk:9100', 1), s('cpu:9100', 1), s('mem:9100', 1)],
      cpu: [s('web10:9100', 10), s('web2:9100', 10), s('cpu:9100', 80), s('disk:9100', 99), s('mem:9100', 10)],
      memory: [s('mem:9100', 95)],
      disk: [s('disk:9100', 97, { mountpoint: '/' })],
      thresholds: { cpu: [s('disk:9100', 100)] },
    }),
  );
  t.same(
    hosts.map((h) => h.instance),
    ['aa:9100', 'zz:9100', 'disk:9100', 'mem:9100', 'cpu:9100', 'web2:9100', 'web10:9100'],
  );
  t.equal(highestOver(hosts[2] as HostStatus), 97, "disk:9100's CPU is under its own threshold of 100, so its disk counts");
  t.equal(highestOver(hosts[5] as HostStatus), undefined);
});

t.test('the comparison is a consistent order', async (t) => {
  const host = (instance: string, up: boolean, cpu: number): HostStatus => ({
    instance,
    up,
    cpu: { percent: cpu, threshold: 75, over: cpu > 75 },
    memory: { threshold: 75, over: false },
    disk: { threshold: 75, over: false },
  });
  const all = [host('a', true, 10), host('b', false, 10), host('c', true, 90), host('d', true, 80), host('e', false, 99), host('f', true, 90)];
  for (const a of all) {
    t.equal(compareHostStatus(a, a), 0);
    for (const b of all) if (a !== b) t.equal(Math.sign(compareHostStatus(a, b)), -Math.sign(compareHostStatus(b, a)), `${a.instance} ${b.instance}`);
  }
});
