import t from 'tap';
import { InventoryError } from '../../src/inventory/inventory-error.js';
import { parseInventory } from '../../src/inventory/parse.js';

/** The problems' lines, or 'valid'. */
function problems(text: string): string[] | 'valid' {
  try {
    parseInventory(text, 'inv.yml');
    return 'valid';
  } catch (error) {
    if (!(error instanceof InventoryError)) throw error;
    return error.problems.map((p) => `${p.where}: ${p.reason}`);
  }
}

t.test('normalises a valid inventory', async (t) => {
  const inventory = parseInventory(
    `
defaults:
  thresholds: {memory: 80}
smtp: {smarthost: 'mail.example.net:587', from: hostwatch@example.net, auth_password_file: /etc/smtp, require_tls: true}
hosts:
  - address: web1.example.net
    labels: {role: web}
    thresholds: {cpu: 20, memory: 50.5}
    telegram_chat: -1001234567890
    email: alice@example.net
  - address: ' db1:9100 '
    telegram_chat: '-1001234567890:42'
    email: [a@example.net, b@example.net, a@example.net]
`,
    'inv.yml',
  );
  t.same(inventory, {
    defaults: { cpu: 75, memory: 80, filesystem: 75 },
    hosts: [
      { address: 'web1.example.net:9110', labels: { role: 'web' }, thresholds: { cpu: 20, memory: 50.5 }, telegramChat: '-1001234567890', email: ['alice@example.net'] },
      { address: 'db1:9100', labels: {}, thresholds: {}, telegramChat: '-1001234567890:42', email: ['a@example.net', 'b@example.net'] },
    ],
    smtp: { smarthost: 'mail.example.net:587', from: 'hostwatch@example.net', authPasswordFile: '/etc/smtp', requireTls: true },
  });
  t.same(parseInventory('hosts: []', 'inv.yml'), { defaults: { cpu: 75, memory: 75, filesystem: 75 }, hosts: [] });
});

t.test('YAML errors name the line', async (t) => {
  t.same(problems('hosts:\n  - address: a\n    address: b\n'), ['line 3, column 5: Map keys must be unique']);
  t.match(problems('hosts: [\n'), [/^line \d+, column \d+: /]);
});

t.test('the first schema violation, naming the host by its address', async (t) => {
  t.same(problems(''), ['(top level): expected a map']);
  t.same(problems('{}'), ['hosts: missing']);
  t.same(problems('hosts: {web1: {}}'), ['hosts: expected a list']);
  t.same(problems('hosts: [{address: web1, thresholds: {cpu: 120}}]'), ['hosts[0] (web1).thresholds.cpu: must be at most 100']);
  t.same(problems('hosts: [{address: web1, thresholds: {memory: 0}}]'), ['hosts[0] (web1).thresholds.memory: must be at least 1']);
  t.same(problems('hosts: [{address: web1, thresholds: {disk: 80}}]'), [
    'hosts[0] (web1).thresholds.disk: unknown key (known keys: cpu, memory, filesystem)',
  ]);
  t.same(problems('hosts: [{address: web1, tresholds: {cpu: 80}}]'), [
    'hosts[0] (web1).tresholds: unknown key (known keys: address, labels, thresholds, telegram_chat, email)',
  ]);
  t.same(problems('hosts: [{address: web1, thresholds: {cpu: high}}]'), ['hosts[0] (web1).thresholds.cpu: expected a number']);
  t.same(problems('hosts: [{labels: {}}]'), ['hosts[0].address: missing']);
  t.same(problems('hosts: [{address: web1, telegram_chat: [1]}]'), [
    'hosts[0] (web1).telegram_chat: expected a chat id (-1001234567890) or chatid:threadid',
  ]);
  t.same(problems('hosts: [{address: web1, email: []}]'), ['hosts[0] (web1).email: expected an e-mail address or a list of them']);
  t.same(problems('hosts: [{address: web1, labels: {env: 1}}]'), ['hosts[0] (web1).labels.env: expected a string']);
  t.same(problems('hosts: []\nsmtp: {smarthost: "m:25", from: a@b.cc, auth_password: x}'), [
    'smtp.auth_password: unknown key (known keys: smarthost, from, hello, auth_username, auth_password_file, require_tls)',
  ]);
});

t.test('every semantic problem, each naming the host and key', async (t) => {
  t.same(
    problems(`
hosts:
  - address: web1:9110
    labels: {job: x, a-b: c, __meta: d, env: "", mountpoint: e}
    telegram_chat: "@mychannel"
    email: [alice@example, bob@example.net]
  - address: WEB1
  - address: web2:9110
    telegram_chat: "-100123:0"
    email: "carol at example.net"
  - address: http://web3:9100
`),
    [
      'hosts[0] (web1:9110).labels.job: reserved (set by prometheus.yml)',
      'hosts[0] (web1:9110).labels["a-b"]: not a label name: letters, digits and _, not starting with a digit or __',
      'hosts[0] (web1:9110).labels.__meta: not a label name: letters, digits and _, not starting with a digit or __',
      'hosts[0] (web1:9110).labels.env: empty; Prometheus treats an empty label as absent, so leave it out',
      "hosts[0] (web1:9110).labels.mountpoint: reserved (a label of the exporter's metrics)",
      'hosts[0] (web1:9110).telegram_chat: "@mychannel" is not a numeric chat id (-1001234567890) or chatid:threadid (-1001234567890:42)',
      'hosts[0] (web1:9110).email[0]: "alice@example" is not an e-mail address (alice@example.net)',
      'hosts[1] (WEB1).address: duplicate of hosts[0]',
      'hosts[2] (web2:9110).telegram_chat: "-100123:0" is not a numeric chat id (-1001234567890) or chatid:threadid (-1001234567890:42)',
      'hosts[2] (web2:9110).email: "carol at example.net" is not an e-mail address (alice@example.net)',
      'hosts[3] (http://web3:9100).address: "http://web3:9100" is a URL; expected host or host:port',
      'smtp: missing: hosts[0] (web1:9110) has email, and Alertmanager needs smtp.smarthost and smtp.from to send it',
    ],
  );
  t.same(problems('hosts: [{address: web1, telegram_chat: -10012345678901234567}]'), [
    'hosts[0] (web1).telegram_chat: too long for a YAML number; quote it ("-100…")',
  ]);
  t.equal(problems('hosts: [{address: web1, telegram_chat: "-10012345678901234567"}]'), 'valid');
  t.same(problems('hosts: []\nsmtp: {smarthost: mail.example.net, from: hostwatch}'), [
    'smtp.smarthost: "mail.example.net" has no port; expected host:port (e.g. mail.example.net:587)',
    'smtp.from: "hostwatch" is not an e-mail address (hostwatch@example.net)',
  ]);
});

t.test('the error message lists every problem under the file name', async (t) => {
  t.throws(() => parseInventory('hosts: [{address: a}, {address: a}]', 'deploy/inventory.yml'), {
    name: 'InventoryError',
    message: 'deploy/inventory.yml: hosts[1] (a).address: duplicate of hosts[0]',
  });
});
