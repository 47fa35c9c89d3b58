// Prometheus's duration syntax (common/model/time.go ParseDuration): units from years down to
// milliseconds, each at most once and in that order, e.g. 90s, 2h, 1h30m, 1w2d.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/** Milliseconds, or undefined when the text is not a Prometheus duration. */
export function parseDuration(text: string): number | undefined {
  const match = text === '' ? null : DURATION.exec(text);
  return match?.slice(1).reduce((total, n, i) => total + (n === undefined ? 0 : Number(n) * (UNIT_MS[i] ?? 0)), 0);
}

/** `1h30m`, `90d`, `45s`: the largest units first, as Prometheus prints durations. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  let rest = Math.round(ms / 1000) * 1000;
  let text = '';
  for (const [unit, size] of units) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text || '0s';
}
