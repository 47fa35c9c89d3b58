import { readFile } from 'node:fs/promises';
import t from 'tap';
import { parse } from 'yaml';
import { DEFAULT_THRESHOLDS, type Host, type Inventory } from '../../src/inventory/inventory.js';
import { renderThresholdRules, thresholdSeriesName } from '../../src/inventory/thresholds.js';

const host = (address: string, thresholds: Host['thresholds']): Host => ({ address, labels: {}, thresholds, email: [] });

t.test('the defaults without an instance label, then each override with its instance', async (t) => {
  const inventory: Inventory = {
    defaults: { cpu: 75, memory: 80, filesystem: 92.5 },
    hosts: [host('web1:9110', { cpu: 20, memory: 50 }), host('web2:9110', {}), host('db1:9110', { filesystem: 90 })],
  };
  t.same(parse(renderThresholdRules(inventory)), {
    groups: [
      {
        name: 'hostwatch-thresholds',
        rules: [
          { record: 'hostwatch:threshold:cpu_percent', expr: 'vector(75)' },
          { record: 'hostwatch:threshold:memory_percent', expr: 'vector(80)' },
          { record: 'hostwatch:threshold:filesystem_percent', expr: 'vector(92.5)' },
          { record: 'hostwatch:threshold:cpu_percent', expr: 'vector(20)', labels: { instance: 'web1:9110' } },
          { record: 'hostwatch:threshold:memory_percent', expr: 'vector(50)', labels: { instance: 'web1:9110' } },
          { record: 'hostwatch:threshold:filesystem_percent', expr: 'vector(90)', labels: { instance: 'db1:9110' } },
        ],
      },
    ],
  });
  t.equal(thresholdSeriesName('memory'), 'hostwatch:threshold:memory_percent');
});

t.test('the shipped prometheus/rules/thresholds.yml is what an inventory without hosts gives', async (t) => {
  const shipped = await readFile(new URL('../../../prometheus/rules/thresholds.yml', import.meta.url), 'utf8');
  t.equal(renderThresholdRules({ defaults: DEFAULT_THRESHOLDS, hosts: [] }), shipped);
});
