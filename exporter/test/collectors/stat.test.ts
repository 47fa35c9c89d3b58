import { readFile } from 'node:fs/promises';
import t from 'tap';
import { kernelStatFamilies, parseKernelStats } from '../../src/collectors/stat.js';

const procStat = await readFile(new URL('../fixtures/proc/stat', import.meta.url), 'utf8');

t.test('parseKernelStats reads the system-wide lines of /proc/stat', async (t) => {
  const stats = parseKernelStats(procStat);
  const line = (key: string) => Number(procStat.split('\n').find((l) => l.startsWith(`${key} `))?.split(' ')[1]);
  t.equal(stats.bootTime, line('btime'));
  t.equal(stats.contextSwitches, line('ctxt'));
  t.equal(stats.forks, line('processes'));
  t.equal(stats.interrupts, line('intr'), 'the first intr field is the total');
  t.equal(stats.procsRunning, line('procs_running'));
  t.equal(stats.procsBlocked, line('procs_blocked'));
  t.ok(stats.bootTime > 1e9, 'btime is a Unix time');
});

t.test('parseKernelStats names the line that is missing', async (t) => {
  t.throws(() => parseKernelStats('cpu  1 2 3\nctxt 5\n'), /no "btime" line/);
});

t.test('kernelStatFamilies types counters and gauges as node_exporter does', async (t) => {
  const families = kernelStatFamilies(parseKernelStats(procStat));
  t.same(
    Object.fromEntries(families.map((f) => [f.name, f.type])),
    {
      node_boot_time_seconds: 'gauge',
      node_context_switches_total: 'counter',
      node_forks_total: 'counter',
      node_intr_total: 'counter',
      node_procs_blocked: 'gauge',
      node_procs_running: 'gauge',
    },
  );
});
