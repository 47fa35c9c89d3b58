/** The exporter's default port, used when an inventory address has none. */
export const DEFAULT_EXPORTER_PORT = 9110;

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/;

export type HostPort = { readonly host: string; readonly port: number };

/**
 * `web1.example.net:9110`, `10.0.0.5`, `[2001:db8::5]:9110`. The port may be left out when
 * `defaultPort` is given; a URL, a path or a bare IPv6 address is refused with the reason.
 */
export function parseHostPort(text: string, defaultPort?: number): HostPort | { readonly reason: string } {
  const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
  const expected = defaultPort === undefined ? 'host:port' : 'host or host:port';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { reason: `${shown} is a URL; expected ${expected}` };
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (!IPV6.test(host) || !host.includes(':')) return { reason: `${shown}: [${host}] is not an IPv6 address` };
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) return { reason: `${shown}: put an IPv6 address in brackets ([2001:db8::5]:9110)` };
    [host = '', portText] = text.split(':');
    if (!HOSTNAME.test(host)) return { reason: `${shown} is not ${expected} (e.g. web1.example.net:9110)` };
  }
  if (portText === undefined) {
    return defaultPort === undefined ? { reason: `${shown} has no port; expected ${expected}` } : { host, port: defaultPort };
  }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return { reason: `${shown}: the port must be a number from 1 to 65535` };
  return { host, port };
}

export function formatHostPort({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
