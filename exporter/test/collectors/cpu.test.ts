import { readFile } from 'node:fs/promises';
import t from 'tap';
import { cpuFamilies, parseCpuTimes } from '../../src/collectors/cpu.js';

const procStat = await readFile(new URL('../fixtures/proc/stat', import.meta.url), 'utf8');

t.test('parseCpuTimes reads one entry per cpuN line and skips the aggregate', async (t) => {
  const cpus = parseCpuTimes(procStat);
  t.same(cpus.map((c) => c.cpu), ['0', '1']);
  // cpu0 3008 0 1264 63897 28 0 11 10 120 5 (ticks of 1/100 s)
  t.same(cpus[0]?.seconds, {
    user: 30.08, nice: 0, system: 12.64, idle: 638.97, iowait: 0.28,
    irq: 0, softirq: 0.11, steal: 0.1, guest: 1.2, guest_nice: 0.05,
  });
});

t.test('parseCpuTimes tolerates old kernels without steal and guest columns', async (t) => {
  const [cpu] = parseCpuTimes('cpu  1 2 3 4\ncpu0 100 200 300 400 500\n');
  t.equal(cpu?.seconds.user, 1);
  t.equal(cpu?.seconds.iowait, 5);
  t.equal(cpu?.seconds.steal, 0);
  t.equal(cpu?.seconds.guest, 0);
});

t.test('cpuFamilies exposes every mode and guest time with node_exporter names', async (t) => {
  const [seconds, guest] = cpuFamilies(parseCpuTimes(procStat));
  t.equal(seconds?.name, 'node_cpu_seconds_total');
  t.equal(seconds?.type, 'counter');
  t.equal(seconds?.samples.length, 2 * 8);
  t.same(
    seconds?.samples.filter((s) => s.labels?.cpu === '1').map((s) => s.labels?.mode),
    ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'],
  );
  t.equal(guest?.name, 'node_cpu_guest_seconds_total');
  t.same(guest?.samples.filter((s) => s.labels?.cpu === '0'), [
    { labels: { cpu: '0', mode: 'nice' }, value: 0.05 },
    { labels: { cpu: '0', mode: 'user' }, value: 1.2 },
  ]);
});
