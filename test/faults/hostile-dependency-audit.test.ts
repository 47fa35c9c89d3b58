import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { recordResult } from './helpers/reliability-report.js';

// `npm audit --omit=dev`: the packages that ship (exporter, alert-bridge, deploy and what they depend
// on) have no known high or critical vulnerability. It asks the registry's audit endpoint; when that
// cannot be reached, the test is skipped with the reason rather than failed.

const PROMISE = 'No known high or critical vulnerability in production dependencies';
const root = fileURLToPath(new URL('../../', import.meta.url));

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number } };
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable: unknown }>;
  message?: string;
  error?: { summary?: string; detail?: string } | string;
}

/** npm exits non-zero both for findings and for failures; the JSON tells them apart. */
function audit(): Promise<AuditReport | { unreachable: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: root, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      let report: AuditReport;
      try {
        report = JSON.parse(stdout) as AuditReport;
      } catch {
        return resolve({ unreachable: `npm audit printed no JSON (${error?.message.split('\n')[0] ?? 'no output'})` });
      }
      if (!report.metadata?.vulnerabilities) {
        const detail = typeof report.error === 'string' ? report.error : (report.error?.summary ?? '');
        return resolve({ unreachable: `the audit endpoint did not answer: ${report.message ?? 'no report'}${detail ? ` (${detail})` : ''}` });
      }
      resolve(report);
    });
  });
}

const report = await audit();
const skip = 'unreachable' in report ? report.unreachable : false;

t.test('npm audit --omit=dev finds nothing high or critical', { skip }, async (t) => {
  const { metadata, vulnerabilities = {} } = report as AuditReport;
  const counts = metadata?.vulnerabilities ?? {};
  const serious = Object.entries(vulnerabilities)
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  t.same(serious, [], `high or critical: ${serious.join(', ') || 'none'}`);
  t.equal((counts.high ?? 0) + (counts.critical ?? 0), 0, 'the totals agree');
  await recordResult(PROMISE, 'hostile-dependency-audit', {
    production_dependencies: metadata?.dependencies?.prod ?? 'unknown',
    critical: counts.critical ?? 0,
    high: counts.high ?? 0,
    moderate: counts.moderate ?? 0,
    low: counts.low ?? 0,
  });
});

if (skip) await recordResult(PROMISE, 'hostile-dependency-audit', { skipped: skip });
