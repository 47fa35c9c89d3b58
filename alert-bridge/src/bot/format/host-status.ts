import { escapeHtml } from '../../notify/telegram/render/index.js';
import { formatDuration } from '../../notify/telegram/render/duration.js';
import { RESOURCES, type Resource } from '../../upstream/host-status.js';
import type { HostStatus, ResourceUsage } from '../../upstream/index.js';

const NAMES: Readonly<Record<Resource, string>> = { cpu: 'CPU', memory: 'Mem', disk: 'Disk' };

/** Hosts listed in one /status answer; the rest (healthy ones, given the order) are counted. */
export const MAX_STATUS_HOSTS = 40;
/** Well under Telegram's 4096 characters, whatever the host names. */
const MAX_STATUS_CHARS = 3500;

const hostEmoji = (host: HostStatus): string => (!host.up ? '🔴' : RESOURCES.some((r) => host[r].over) ? '🟠' : '🟢');

/** `91%`; a value just over its threshold keeps a decimal, so that "75%⚠️" never marks a threshold of 75. */
function percentText(usage: ResourceUsage): string {
  const percent = usage.percent ?? 0;
  const rounded = Math.round(percent);
  return usage.over && rounded <= usage.threshold ? `${percent.toFixed(1)}%` : `${rounded}%`;
}

/** `Mem 40%`, `<b>CPU 91%</b>⚠️` over the threshold, `Disk –` without a reading. */
function usageText(resource: Resource, usage: ResourceUsage): string {
  if (usage.percent === undefined) return `${NAMES[resource]} –`;
  const text = `${NAMES[resource]} ${percentText(usage)}`;
  return usage.over ? `<b>${text}</b>⚠️` : text;
}

function hostLine(host: HostStatus): string {
  const name = `${hostEmoji(host)} <b>${escapeHtml(host.instance)}</b>`;
  if (!host.up) return `${name}  down`;
  return `${name}  ${RESOURCES.map((r) => usageText(r, host[r])).join(' · ')}`;
}

/** The thresholds, once for all hosts when they share them. */
function thresholdsLine(hosts: readonly HostStatus[]): string {
  const shared = RESOURCES.map((r) => [r, new Set(hosts.map((h) => h[r].threshold))] as const);
  if (shared.some(([, values]) => values.size !== 1)) return "⚠️ over the host's threshold; /status &lt;host&gt; shows them";
  return `⚠️ over threshold: ${shared.map(([r, values]) => `${NAMES[r]} &gt;${[...values][0]}%`).join(' · ')}`;
}

/**
 * /status: one line per host, in the order the upstream sorts them (down, then over a threshold,
 * then the rest), with what is over its threshold in bold and marked.
 */
export function formatHostStatus(hosts: readonly HostStatus[]): string {
  if (hosts.length === 0) return 'Prometheus knows no hosts: it has no node metrics and no target is down.';
  const down = hosts.filter((h) => !h.up).length;
  const over = hosts.filter((h) => h.up && RESOURCES.some((r) => h[r].over)).length;
  const counts =
    down + over === 0
      ? `${hosts.length}, all within thresholds`
      : [hosts.length, down && `${down} down`, over && `${over} over threshold`].filter(Boolean).join(' · ');
  const lines = [`<b>Hosts</b>: ${counts}`];
  let length = lines.join('').length;
  let shown = 0;
  for (const host of hosts) {
    const line = hostLine(host);
    if (shown === MAX_STATUS_HOSTS || length + line.length > MAX_STATUS_CHARS) break;
    lines.push(line);
    length += line.length + 1;
    shown++;
  }
  if (shown < hosts.length) lines.push(`…and ${hosts.length - shown} more; /status &lt;host&gt; shows one`);
  if (down + over > 0) lines.push('', thresholdsLine(hosts));
  return lines.join('\n');
}

/** /status <host>: one host in full, thresholds and uptime included. */
export function formatHostDetail(host: HostStatus): string {
  const state = host.up ? `up${host.uptimeSeconds === undefined ? '' : ` ${formatDuration(host.uptimeSeconds * 1000)}`}` : 'down: Prometheus cannot scrape it';
  const lines = [`${hostEmoji(host)} <b>${escapeHtml(host.instance)}</b> · ${state}`];
  for (const resource of RESOURCES) {
    const usage = host[resource];
    const where = resource === 'disk' && host.disk.mountpoint !== undefined ? ` on ${escapeHtml(host.disk.mountpoint)}` : '';
    lines.push(`${usageText(resource, usage)}${where} · threshold ${usage.threshold}%`);
  }
  return lines.join('\n');
}

/** The hosts a /status argument names: the instance itself, or every instance on that host name. */
export function findHosts(hosts: readonly HostStatus[], wanted: string): HostStatus[] {
  const name = wanted.toLowerCase();
  const exact = hosts.filter((h) => h.instance.toLowerCase() === name);
  if (exact.length > 0) return exact;
  return hosts.filter((h) => h.instance.toLowerCase().replace(/:\d+$/, '') === name);
}
