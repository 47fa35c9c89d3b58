/**
 * Severity at a glance. Alertmanager gives the `severity` label no meaning; these are the values the
 * Prometheus community rule sets use (critical/page, warning, info), matched without regard to case.
 */

export interface SeverityLook {
  readonly emoji: string;
  /** Higher is worse: a group shows its worst. */
  readonly rank: number;
}

const LOOKS: ReadonlyMap<string, SeverityLook> = new Map([
  ['critical', { emoji: '🔴', rank: 4 }],
  ['page', { emoji: '🔴', rank: 4 }],
  ['error', { emoji: '🔴', rank: 4 }],
  ['warning', { emoji: '🟠', rank: 3 }],
  ['warn', { emoji: '🟠', rank: 3 }],
  ['info', { emoji: '🔵', rank: 2 }],
  ['none', { emoji: '🔵', rank: 1 }],
]);

const UNKNOWN: SeverityLook = { emoji: '⚪', rank: 0 };

export function severityLook(severity: string): SeverityLook {
  return LOOKS.get(severity.toLowerCase()) ?? UNKNOWN;
}

/** The worst of some severities (unknown when there are none). */
export function worstSeverity(severities: Iterable<string>): SeverityLook {
  let worst = UNKNOWN;
  for (const severity of severities) {
    const look = severityLook(severity);
    if (look.rank > worst.rank) worst = look;
  }
  return worst;
}
