/** "2026-11-24 15:00 UTC": minutes are what a reader compares with their own clock. */
export function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "11-24 15:00", for list lines under a heading that says the times are UTC; '?' for a time that is not one. */
export function utcShort(time: string): string {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? '?' : new Date(ms).toISOString().slice(5, 16).replace('T', ' ');
}
