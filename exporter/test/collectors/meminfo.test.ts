import { readFile } from 'node:fs/promises';
import t from 'tap';
import { meminfoFamilies, parseMeminfo } from '../../src/collectors/meminfo.js';

const meminfo = await readFile(new URL('../fixtures/proc/meminfo', import.meta.url), 'utf8');

t.test('parseMeminfo converts kB to bytes and renames as node_exporter does', async (t) => {
  const fields = parseMeminfo(meminfo);
  const kb = (key: string) => Number(/\s(\d+) kB/.exec(meminfo.split('\n').find((l) => l.startsWith(`${key}:`)) ?? '')?.[1]);
  t.equal(fields.get('MemTotal_bytes'), kb('MemTotal') * 1024);
  t.equal(fields.get('MemAvailable_bytes'), kb('MemAvailable') * 1024);
  t.equal(fields.get('Active_anon_bytes'), kb('Active(anon)') * 1024, 'parentheses become an underscore');
  t.ok(fields.has('HugePages_Total'), 'unitless fields keep their name');
  t.notOk(fields.has('HugePages_Total_bytes'));
  for (const key of ['MemFree', 'Buffers', 'Cached', 'SwapTotal', 'SwapFree']) t.ok(fields.has(`${key}_bytes`), key);
});

t.test('parseMeminfo refuses a file with no fields', async (t) => {
  t.throws(() => parseMeminfo('garbage\n'), /no fields/);
});

t.test('meminfoFamilies gives one gauge per field', async (t) => {
  const families = meminfoFamilies(new Map([['MemTotal_bytes', 2048], ['HugePages_Total', 0]]));
  t.same(families, [
    { name: 'node_memory_MemTotal_bytes', help: 'Memory information field MemTotal_bytes.', type: 'gauge', samples: [{ value: 2048 }] },
    { name: 'node_memory_HugePages_Total', help: 'Memory information field HugePages_Total.', type: 'gauge', samples: [{ value: 0 }] },
  ]);
});
