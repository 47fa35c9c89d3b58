import type { CallCost } from './call-cost.js';
import { ms, ratio, table } from './markdown.js';
import type { PairingCost } from './systeminformation-comparison.js';

const perCall = (cost: CallCost): string => `${ms(cost.medianMs)} (${Math.round(cost.callsPerSecond)}/s)`;
const cpu = (cost: CallCost): string =>
  cost.childCpuMsPerCall > 0 ? `${ms(cost.ownCpuMsPerCall)} + ${ms(cost.childCpuMsPerCall, 1)} in children` : ms(cost.ownCpuMsPerCall);

export function renderSysteminformation(pairings: readonly PairingCost[], version: string): string {
  const rows = pairings.map((p) => [
    p.what,
    p.collectors.length > 0 ? p.collectors.join(' + ') : '—',
    p.ours ? perCall(p.ours) : '—',
    p.ours ? cpu(p.ours) : '—',
    p.systeminformation,
    perCall(p.theirs),
    ms(p.theirs.firstCallMs, 1),
    cpu(p.theirs),
    `${p.theirs.childProcessesPerCall.toFixed(1)} (${p.theirs.machineForksPerCall.toFixed(1)})`,
    p.ours ? ratio(p.theirs.medianMs / p.ours.medianMs) : '—',
  ]);
  return [
    `In the bench process, one call at a time after one cold call; systeminformation ${version}, our collectors'`,
    '`update()` imported from exporter/src. CPU is this process (all threads) plus waited-for children',
    '(10 ms ticks, averaged). Processes: started through node:child_process per call, and in brackets',
    'all processes created on the machine meanwhile (the shells start their own; other load adds noise).',
    'si.currentLoad() is quick because it reads os.cpus() in-process, but it returns percentages since its',
    "previous call, not the per-mode counters node_cpu_seconds_total needs, and its first call waits 0.5 s.",
    '',
    table(
      [
        'data',
        'our collectors',
        'median (rate)',
        'CPU per call',
        'systeminformation',
        'median (rate)',
        'first call',
        'CPU per call',
        'processes per call',
        'si / ours (median)',
      ],
      rows,
    ),
  ].join('\n');
}
