import t from 'tap';
import { PORTS, readSettings } from '../settings.js';

const repo = '/repo';

t.test('defaults: the standard ports plus 10000, the folder in the repository, no Telegram', async (t) => {
  const settings = readSettings({}, '/home/me', repo);
  t.same(settings, {
    dir: '/repo/.hostwatch-stack',
    ports: { prometheus: 19090, alertmanager: 19093, influxdb: 18086, influxdbRpc: 18088, bridge: 19095, exporter: 19110 },
    telegramEnv: {},
  });
});

t.test('the environment moves the folder, the inventory and each port, and passes Telegram on', async (t) => {
  const settings = readSettings(
    {
      HOSTWATCH_STACK_DIR: 'stack',
      HOSTWATCH_STACK_INVENTORY: '../inventory.yml',
      HOSTWATCH_STACK_PROMETHEUS_PORT: '29090',
      HOSTWATCH_STACK_EXPORTER_PORT: ' 9110 ',
      HOSTWATCH_STACK_BRIDGE_PORT: '',
      TELEGRAM_BOT_TOKEN: '1:abc',
      TELEGRAM_CHAT_ID: '-100123',
      TELEGRAM_API_URL: '',
      BRIDGE_AUTH_TOKEN: 'never passed on',
    },
    '/home/me/work',
    repo,
  );
  t.equal(settings.dir, '/home/me/work/stack', 'relative to the working directory');
  t.equal(settings.inventoryFile, '/home/me/inventory.yml');
  t.match(settings.ports, { prometheus: 29090, exporter: 9110, bridge: PORTS.bridge.standard });
  t.same(settings.telegramEnv, { TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_CHAT_ID: '-100123' }, 'only Telegram variables that are set');
});

t.test('a bad port or two components on one port name the variable', async (t) => {
  t.throws(() => readSettings({ HOSTWATCH_STACK_ALERTMANAGER_PORT: '70000' }, '/', repo), {
    message: 'HOSTWATCH_STACK_ALERTMANAGER_PORT: "70000" is not a TCP port (1-65535)',
  });
  t.throws(() => readSettings({ HOSTWATCH_STACK_INFLUXDB_PORT: '80a' }, '/', repo), { message: /HOSTWATCH_STACK_INFLUXDB_PORT: "80a" is not a TCP port/ });
  t.throws(() => readSettings({ HOSTWATCH_STACK_BRIDGE_PORT: '19090' }, '/', repo), {
    message: "HOSTWATCH_STACK_BRIDGE_PORT: port 19090 is also HOSTWATCH_STACK_PROMETHEUS_PORT's; give each component its own",
  });
});
