import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import dbus, { Message, Variant, type MessageBus } from 'dbus-next';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { startPrivateBus } from '../../../test/helpers/dbus-daemon.js';
import { exporterMain } from '../../../test/helpers/exporters.js';
import { freePort } from '../../../test/helpers/ports.js';
import { makeTempDir, startProcess, waitFor, waitForHttp, type RunningProcess } from '../../../test/helpers/processes.js';
import { SystemdCollector, type SystemdCollectorOptions } from '../../src/collectors/systemd.js';
import type { MetricFamily } from '../../src/metric-family.js';

// A private dbus-daemon per test, with a fake systemd on it written with dbus-next's service API:
// org.freedesktop.systemd1 at /org/freedesktop/systemd1 (Manager.ListUnits, Version, SystemState)
// and one object per unit carrying the Service/Mount Type or Timer property the collector reads.

interface FakeUnit {
  name: string;
  activeState: string;
  loadState?: string;
  /** Service.Type or Mount.Type, by the unit's suffix. */
  type?: string;
  lastTriggerUsec?: bigint;
}

const FAKE_UNITS: FakeUnit[] = [
  { name: 'nginx.service', activeState: 'active', type: 'forking' },
  { name: 'httpd.service', activeState: 'failed', type: 'notify' },
  { name: 'ssh.service', activeState: 'active', type: 'notify' },
  { name: 'home.mount', activeState: 'active', type: 'ext4' },
  { name: 'logrotate.timer', activeState: 'active', lastTriggerUsec: 1_700_000_000_500_000n },
  { name: 'gone.service', activeState: 'inactive', loadState: 'not-found' },
];

/** systemd's bus_path_escape: every byte but [A-Za-z0-9] becomes _xx. */
const unitPath = (name: string) =>
  `/org/freedesktop/systemd1/unit/${name.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;

function listUnits(units: readonly FakeUnit[]): unknown[] {
  return units.map((u) => [u.name, `Fake ${u.name}`, u.loadState ?? 'loaded', u.activeState, 'running', '', unitPath(u.name), 0, '', '/']);
}

/** What a test can change between scrapes. */
interface FakeState {
  units: FakeUnit[];
  /** When set, ListUnits runs this instead of answering. */
  onListUnits?: () => Promise<unknown[]>;
}

class FakeManager extends dbus.interface.Interface {
  constructor(private readonly state: FakeState) {
    super('org.freedesktop.systemd1.Manager');
  }
  ListUnits(): unknown[] | Promise<unknown[]> {
    return this.state.onListUnits ? this.state.onListUnits() : listUnits(this.state.units);
  }
  get Version(): string {
    return '252.22-1~deb12u1';
  }
  get SystemState(): string {
    return 'running';
  }
}
FakeManager.configureMembers({
  methods: { ListUnits: { outSignature: 'a(ssssssouso)' } },
  properties: { Version: { signature: 's', access: 'read' }, SystemState: { signature: 's', access: 'read' } },
});

class FakeUnitType extends dbus.interface.Interface {
  constructor(
    iface: string,
    private readonly value: string,
  ) {
    super(iface);
  }
  get Type(): string {
    return this.value;
  }
}
FakeUnitType.configureMembers({ properties: { Type: { signature: 's', access: 'read' } } });

class FakeTimer extends dbus.interface.Interface {
  constructor(private readonly usec: bigint) {
    super('org.freedesktop.systemd1.Timer');
  }
  get LastTriggerUSec(): bigint {
    return this.usec;
  }
}
FakeTimer.configureMembers({ properties: { LastTriggerUSec: { signature: 't', access: 'read' } } });

interface FakeBus {
  readonly dir: string;
  readonly address: string;
  readonly daemon: RunningProcess;
  readonly state: FakeState;
  readonly systemd: MessageBus;
}

async function startFakeBus(t: Test): Promise<FakeBus> {
  const { dir, address, daemon } = await startPrivateBus(t, 'systemd-dbus');

  const state: FakeState = { units: structuredClone(FAKE_UNITS) };
  const systemd = dbus.sessionBus({ busAddress: address });
  systemd.on('error', () => {}); // the daemon going away is part of some tests
  t.teardown(() => systemd.disconnect());
  systemd.export('/org/freedesktop/systemd1', new FakeManager(state));
  for (const unit of state.units) {
    const kind = unit.name.endsWith('.service') ? 'Service' : unit.name.endsWith('.mount') ? 'Mount' : undefined;
    if (kind && unit.type) systemd.export(unitPath(unit.name), new FakeUnitType(`org.freedesktop.systemd1.${kind}`, unit.type));
    if (unit.lastTriggerUsec !== undefined) systemd.export(unitPath(unit.name), new FakeTimer(unit.lastTriggerUsec));
  }
  t.equal(await systemd.requestName('org.freedesktop.systemd1', 0), dbus.RequestNameReply.PRIMARY_OWNER);
  return { dir, address, daemon, state, systemd };
}

const DEFAULT_FILTER = { include: /^(?:.+)$/, exclude: /^(?:.+\.(automount|device|mount|scope|slice))$/ };

function collector(address: string, options: Partial<SystemdCollectorOptions> = {}): SystemdCollector {
  return new SystemdCollector({
    logger: pino({ level: 'silent' }),
    filter: DEFAULT_FILTER,
    timeoutMs: 1000,
    privateOnly: false,
    systemBusAddress: address,
    fallBackToPrivate: false,
    ...options,
  });
}

/** "name state type" -> value, from node_systemd_unit_state. */
function unitStates(families: MetricFamily[]): Record<string, number> {
  const samples = families.find((f) => f.name === 'node_systemd_unit_state')?.samples ?? [];
  return Object.fromEntries(samples.map((s) => [`${s.labels?.name} ${s.labels?.state} ${s.labels?.type}`, s.value]));
}

function samplesOf(families: MetricFamily[], name: string) {
  return families.find((f) => f.name === name)?.samples;
}

// A hang fails the test through tap's timeout rather than a timing assertion.
const bounded = { timeout: 60_000 };

t.test('reads nginx and httpd from a fake systemd on the bus, afresh each scrape', bounded, async (t) => {
  const bus = await startFakeBus(t);
  const systemd = collector(bus.address);
  const families = await systemd.update();
  const states = unitStates(families);
  t.same(
    Object.entries(states).filter(([key]) => key.startsWith('nginx.service ') || key.startsWith('httpd.service ')),
    [
      ['nginx.service active forking', 1],
      ['nginx.service activating forking', 0],
      ['nginx.service deactivating forking', 0],
      ['nginx.service inactive forking', 0],
      ['nginx.service failed forking', 0],
      ['httpd.service active notify', 0],
      ['httpd.service activating notify', 0],
      ['httpd.service deactivating notify', 0],
      ['httpd.service inactive notify', 0],
      ['httpd.service failed notify', 1],
    ],
  );
  t.notOk(Object.keys(states).some((key) => key.startsWith('home.mount ')), 'mount units excluded by default');
  t.notOk(Object.keys(states).some((key) => key.startsWith('gone.service ')), 'units not loaded are left out');
  t.equal(states['logrotate.timer active '], 1, 'other units have an empty type');
  t.same(samplesOf(families, 'node_systemd_units')?.find((s) => s.labels?.state === 'active'), { labels: { state: 'active' }, value: 4 });
  t.same(samplesOf(families, 'node_systemd_version'), [{ labels: { version: '252.22-1~deb12u1' }, value: 252.22 }]);
  t.same(samplesOf(families, 'node_systemd_system_running'), [{ value: 1 }]);
  t.same(samplesOf(families, 'node_systemd_timer_last_trigger_seconds'), [{ labels: { name: 'logrotate.timer' }, value: 1_700_000_000.5 }]);

  const nginx = bus.state.units.find((u) => u.name === 'nginx.service');
  if (nginx) nginx.activeState = 'failed';
  t.equal(unitStates(await systemd.update())['nginx.service failed forking'], 1, 'the next scrape sees the change');
});

t.test('a systemd that does not answer: update() rejects at the timeout', bounded, async (t) => {
  const bus = await startFakeBus(t);
  bus.state.onListUnits = () => new Promise(() => {});
  await t.rejects(collector(bus.address, { timeoutMs: 300 }).update(), /timed out after \d+ ms waiting for ListUnits/);
});

t.test('a dbus-daemon that does not answer: connecting rejects at the timeout', bounded, async (t) => {
  const bus = await startFakeBus(t);
  bus.daemon.child.kill('SIGSTOP');
  await t.rejects(
    collector(bus.address, { timeoutMs: 300 }).update(),
    /cannot connect to the D-Bus system bus at unix:path=.*: timed out after \d+ ms waiting for the authentication handshake/,
  );
  bus.daemon.child.kill('SIGCONT');
});

t.test('systemd gone from a running bus: update() says so', bounded, async (t) => {
  const bus = await startFakeBus(t);
  bus.systemd.disconnect();
  await waitFor('the fake systemd to leave the bus', async () =>
    collector(bus.address).update().then(
      () => false,
      () => true,
    ),
  );
  await t.rejects(collector(bus.address).update(), /ListUnits failed: org\.freedesktop\.DBus\.Error\.ServiceUnknown/);
});

t.test('the bus dying during a scrape fails the scrape at once', bounded, async (t) => {
  const bus = await startFakeBus(t);
  bus.state.onListUnits = () => {
    bus.daemon.child.kill('SIGKILL');
    return new Promise(() => {});
  };
  // A 30 s timeout: rejecting with the connection's end, not the timeout, is what is checked.
  await t.rejects(collector(bus.address, { timeoutMs: 30_000 }).update(), /the peer closed the connection|ECONNRESET/);
});

t.test('after the daemon stops, and with no bus at all, update() rejects saying where it looked', bounded, async (t) => {
  const bus = await startFakeBus(t);
  await bus.daemon.stop();
  await t.rejects(collector(bus.address).update(), /^cannot connect to the D-Bus system bus at unix:path=\S+: connect (ECONNREFUSED|ENOENT)/);

  const missing = `unix:path=${path.join(bus.dir, 'missing')}`;
  await t.rejects(collector(missing).update(), {
    message: `cannot connect to the D-Bus system bus at ${missing}: connect ENOENT ${path.join(bus.dir, 'missing')}`,
  });
  // As root, go-systemd (and so node_exporter) falls back to systemd's private socket.
  const privateSocketPath = path.join(bus.dir, 'private');
  await t.rejects(
    collector(missing, { fallBackToPrivate: true, privateSocketPath }).update(),
    new RegExp(`^cannot connect to the D-Bus system bus at ${missing}: .*; cannot connect to systemd's private socket at unix:path=${privateSocketPath}: connect ENOENT`),
  );
});

const pipes = () => process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap').length;
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

t.test('no socket or timer outlives a scrape, whether it succeeds or fails', bounded, async (t) => {
  const bus = await startFakeBus(t);
  const before = { pipes: pipes(), timers: timers() };
  const systemd = collector(bus.address, { timeoutMs: 300 });
  for (let i = 0; i < 3; i++) await systemd.update();
  bus.state.onListUnits = () => new Promise(() => {});
  await t.rejects(systemd.update());
  await t.rejects(collector(`unix:path=${path.join(bus.dir, 'missing')}`).update());
  const now = () => ({ pipes: pipes(), timers: timers() });
  await waitFor('sockets and timers to close', async () => now().pipes === before.pipes && now().timers === before.timers, 5000).catch(() => {});
  t.same(now(), before);
});

// ---- systemd's private socket: peer to peer, no bus daemon and so no Hello -------------------------

const require = createRequire(import.meta.url);
type Raw = Record<string, unknown>;
const readLine = require('dbus-next/lib/readline.js') as (stream: Socket, cb: (line: Buffer) => void) => void;
const { unmarshalMessages } = require('dbus-next/lib/message.js') as {
  unmarshalMessages(stream: Socket, onMessage: (raw: Raw) => void, options: object): void;
};
const { messageToJsFmt, marshallMessage } = require('dbus-next/lib/marshall-compat.js') as {
  messageToJsFmt(raw: Raw): Raw;
  marshallMessage(message: Message): [Buffer, unknown[]];
};

/** A minimal peer-to-peer D-Bus server answering what the collector asks systemd. */
async function startFakePrivateSocket(t: Test, dir: string): Promise<{ path: string; members: string[] }> {
  const socketPath = path.join(dir, 'private');
  const members: string[] = [];
  let serial = 0;
  const answer = (socket: Socket, call: Message) => {
    members.push(call.member);
    const reply = (signature: string, body: unknown[]) => {
      const message = Message.newMethodReturn(call, signature, body);
      message.serial = ++serial;
      socket.write(marshallMessage(message)[0]);
    };
    if (call.member === 'ListUnits') return reply('a(ssssssouso)', [listUnits(FAKE_UNITS)]);
    const [iface, name] = call.body as [string, string];
    if (call.member === 'Get' && name === 'Version') return reply('v', [new Variant('s', '252')]);
    if (call.member === 'Get' && name === 'SystemState') return reply('v', [new Variant('s', 'degraded')]);
    const unit = FAKE_UNITS.find((u) => unitPath(u.name) === call.path);
    if (call.member === 'Get' && name === 'Type' && unit?.type && !iface.endsWith('Timer')) return reply('v', [new Variant('s', unit.type)]);
    // dbus-next's typings give newError a string; it takes the call it answers.
    const error = Message.newError(call as never, 'org.freedesktop.DBus.Error.UnknownObject', `Unknown object '${call.path}'.`);
    error.serial = ++serial;
    socket.write(marshallMessage(error)[0]);
  };
  const server: Server = createServer((socket) => {
    socket.on('error', () => {});
    readLine(socket, (auth) => {
      if (!auth.toString().startsWith('\0AUTH EXTERNAL ')) return socket.destroy();
      socket.write('OK 0123456789abcdef0123456789abcdef\r\n');
      readLine(socket, () => {
        unmarshalMessages(socket, (raw) => answer(socket, new Message(messageToJsFmt(raw) as never)), {});
        // Calls sent right behind BEGIN are already buffered, and no new 'readable' would announce them.
        setImmediate(() => socket.emit('readable'));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { path: socketPath, members };
}

t.test('collector.systemd.private talks to the private socket without Hello', bounded, async (t) => {
  const temp = await makeTempDir('systemd-private');
  t.teardown(() => temp.remove());
  const fake = await startFakePrivateSocket(t, temp.path);
  const families = await collector('unix:path=/nonexistent', { privateOnly: true, privateSocketPath: fake.path }).update();
  t.equal(unitStates(families)['nginx.service active forking'], 1);
  t.same(samplesOf(families, 'node_systemd_system_running'), [{ value: 0 }], 'SystemState "degraded"');
  t.ok(fake.members.includes('ListUnits'));
  t.notOk(fake.members.includes('Hello'), 'no Hello on a peer-to-peer connection');
});

// ---- The built exporter ----------------------------------------------------------------------------

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function startExporter(t: Test, env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ url: string; process: RunningProcess }> {
  const port = await freePort();
  const child = startProcess('node', [exporterMain, `--web.listen-address=127.0.0.1:${port}`, ...args], { env });
  t.teardown(() => child.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/`, child);
  return { url, process: child };
}

t.test('the built exporter serves systemd metrics, and the rest without a bus', { timeout: 180_000 }, async (t) => {
  await promisify(execFile)('npx', ['tsc', '-b', 'exporter'], { cwd: repoRoot });
  const bus = await startFakeBus(t);

  const exporter = await startExporter(t, { DBUS_SYSTEM_BUS_ADDRESS: bus.address }, [
    '--collector.systemd.unit-include=(nginx|httpd)\\.service',
  ]);
  const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
  t.match(metrics, /^node_systemd_unit_state\{name="nginx\.service",state="active",type="forking"\} 1$/m);
  t.match(metrics, /^node_systemd_unit_state\{name="httpd\.service",state="failed",type="notify"\} 1$/m);
  t.notMatch(metrics, /name="ssh\.service"/, 'not in --collector.systemd.unit-include');
  t.match(metrics, /^node_scrape_collector_success\{collector="systemd"\} 1$/m);

  // As root, a failed bus sends the exporter to /run/systemd/private, which a systemd host has.
  const fallback = process.geteuid?.() === 0 && existsSync('/run/systemd/private');
  await t.test('without a bus', { skip: fallback && 'this host has a real /run/systemd/private' }, async (t) => {
    const missing = `unix:path=${path.join(bus.dir, 'missing')}`;
    const without = await startExporter(t, { DBUS_SYSTEM_BUS_ADDRESS: missing });
    const text = await (await fetch(`${without.url}/metrics`)).text();
    t.match(text, /^node_scrape_collector_success\{collector="systemd"\} 0$/m);
    t.match(text, /^node_load1 \S+$/m);
    t.match(without.process.output(), `cannot connect to the D-Bus system bus at ${missing}`);
  });
});
