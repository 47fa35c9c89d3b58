import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import { BasicAuthenticator, authorizeRequest } from './basic-auth.js';
import { loadWebConfig, type WebConfig } from './load.js';
import { webConfigError } from './parse.js';
import { applyTlsSettings, clientCertificateProblem, tlsServerOptions } from './tls.js';

function authenticatorFor(config: WebConfig): BasicAuthenticator | undefined {
  return config.users.size > 0 ? new BasicAuthenticator(config.users) : undefined;
}

/**
 * `--web.config.file` applied to the exporter's listeners, and swapped on reload. exporter-toolkit
 * re-reads the file on every request and handshake; we read it at start-up and on SIGHUP.
 */
export class LiveWebConfig {
  private readonly tlsServers: HttpsServer[] = [];
  private authenticator: BasicAuthenticator | undefined;

  private constructor(
    private readonly file: string,
    private config: WebConfig,
    private readonly logger: Logger,
  ) {
    this.authenticator = authenticatorFor(config);
  }

  /** Throws a ConfigError naming the key at fault. */
  static async load(file: string, logger: Logger): Promise<LiveWebConfig> {
    return new LiveWebConfig(file, await loadWebConfig(file), logger);
  }

  get tlsEnabled(): boolean {
    return this.config.tls !== undefined;
  }

  /** For createRequestHandler: basic auth with the users of the moment. */
  readonly authorize = (req: IncomingMessage, res: ServerResponse): Promise<boolean> =>
    authorizeRequest(this.authenticator, req, res);

  /** An http or https server, as the file says, that adds the configured headers to every response. */
  createServer(handler: RequestListener): Server {
    const withHeaders: RequestListener = (req, res) => {
      for (const [name, value] of Object.entries(this.config.headers)) res.setHeader(name, value);
      handler(req, res);
    };
    const tls = this.config.tls;
    if (!tls) return createHttpServer(withHeaders);

    const server = createHttpsServer(tlsServerOptions(tls), withHeaders);
    // Runs after https's own listener has wired the socket but before any of its bytes are read.
    server.on('secureConnection', (socket: TLSSocket) => {
      const problem = this.config.tls && clientCertificateProblem(this.config.tls, socket);
      if (!problem) return;
      this.logger.debug({ remote: socket.remoteAddress, reason: problem }, 'TLS client rejected');
      socket.destroy();
    });
    this.tlsServers.push(server);
    return server;
  }

  /** Re-reads the file. When it is broken, or would switch TLS on or off, throws and keeps the current one. */
  async reload(): Promise<void> {
    const next = await loadWebConfig(this.file);
    if (next.tls === undefined && this.config.tls !== undefined) {
      throw webConfigError('turning TLS off takes a restart');
    }
    if (next.tls !== undefined && this.config.tls === undefined) {
      throw webConfigError('turning TLS on takes a restart');
    }
    if (next.tls) for (const server of this.tlsServers) applyTlsSettings(server, next.tls);
    this.config = next;
    this.authenticator = authenticatorFor(next);
  }
}
