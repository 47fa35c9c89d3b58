// A fleet of scrape targets from one exporter process. Linux routes all of 127.0.0.0/8 to the loopback
// interface, so 127.0.1.1, 127.0.1.2, … are distinct addresses of this machine, and the exporter listens
// on each of them (--web.listen-address repeats). Every target is then "host:9110"-shaped, as a fleet
// is, and Prometheus opens a connection per target, as it would across a network. Listening on each
// address rather than on 0.0.0.0 keeps host metrics off the machine's other interfaces, and needs no
// proxy between Prometheus and the exporter.

/** The i-th address (0-based): 127.0.1.1 … 127.0.1.250, 127.0.2.1 …; up to 250 × 254 targets. */
export function loopbackAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 250 * 254) throw new Error(`no loopback address for target ${index}`);
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}

/** count targets `127.0.x.y:port`, in order. */
export function loopbackTargets(count: number, port: number): string[] {
  return Array.from({ length: count }, (_, i) => `${loopbackAddress(i)}:${port}`);
}

/** An inventory of the targets with one default memory threshold; CPU and filesystems at 100 %, which nothing exceeds. */
export function fleetInventory(targets: readonly string[], memoryPercent: number): string {
  return `defaults:
  thresholds:
    cpu: 100
    memory: ${memoryPercent}
    filesystem: 100
hosts:
${targets.map((target) => `  - address: ${target}\n`).join('')}`;
}
