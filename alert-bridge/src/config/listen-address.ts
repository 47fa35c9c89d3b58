import { ConfigError } from './config-error.js';

export interface ListenAddress {
  /** '' listens on every interface, as Go's ":9095" does. */
  readonly host: string;
  /** 0 asks the OS for a free port (tests). */
  readonly port: number;
}

/** Loopback only: the bridge speaks plain HTTP, and the bearer token must not cross a network in clear by default. */
export const DEFAULT_LISTEN_ADDRESS = '127.0.0.1:9095';

const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\]|([\w.-]*)):(\d{1,5})$/;

/** `host:port`, `[ipv6]:port` or `:port`, as Go's net.SplitHostPort reads a listen address. */
export function parseListenAddress(key: string, text: string): ListenAddress {
  const match = HOST_PORT.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new ConfigError(key, `${JSON.stringify(text)} is not host:port (e.g. 127.0.0.1:9095, [::1]:9095 or :9095)`);
  return { host: match[1] ?? match[2] ?? '', port };
}

/** Back to text for logs: `[::1]:9095`, `:9095`. */
export function formatListenAddress({ host, port }: ListenAddress): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
