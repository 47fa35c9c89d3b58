import t from 'tap';
import { parse } from 'yaml';
import { generateFiles, OUTPUT_PATHS } from '../../src/inventory/generate.js';
import { parseInventory } from '../../src/inventory/parse.js';

t.test('the three files, at the paths prometheus.yml reads', async (t) => {
  const inventory = parseInventory('hosts: [{address: web1, thresholds: {memory: 50}, telegram_chat: 42}]', 'inv.yml');
  const files = generateFiles(inventory, { text: 'route: {receiver: bridge}\nreceivers: [{name: bridge}]\n', source: 'am.yml' });
  t.same(
    files.map((file) => file.path),
    ['targets/hosts.yml', 'rules/thresholds.yml', 'alertmanager.yml'],
  );
  t.same(OUTPUT_PATHS, { targets: 'targets/hosts.yml', thresholds: 'rules/thresholds.yml', alertmanager: 'alertmanager.yml' });
  const [targets, thresholds, alertmanager] = files.map((file) => parse(file.content) as unknown);
  t.same(targets, [{ targets: ['web1:9110'], labels: { telegram_chat: '42' } }]);
  t.match(thresholds, { groups: [{ rules: [{}, {}, {}, { record: 'hostwatch:threshold:memory_percent', expr: 'vector(50)', labels: { instance: 'web1:9110' } }] }] });
  t.same(alertmanager, { route: { receiver: 'bridge' }, receivers: [{ name: 'bridge' }] });
});
