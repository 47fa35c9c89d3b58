import { X509Certificate } from 'node:crypto';
import type { ServerOptions } from 'node:https';
import { createSecureContext, type SecureContextOptions, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { hasAllowedSan } from './client-sans.js';
import { webConfigError, type ParsedTls } from './parse.js';
import { CIPHER_SUITES, CURVES, TLS_VERSIONS, type ClientAuthType } from './tls-names.js';

export interface TlsSettings {
  /** What setSecureContext() takes: certificate, key, client CAs, versions, ciphers, curves. */
  readonly secureContext: SecureContextOptions;
  readonly clientAuth: ClientAuthType;
  readonly clientAllowedSans?: readonly string[];
}

/** The PEM texts a ParsedTls refers to, read by load.ts. */
export interface TlsPems {
  readonly cert: string;
  readonly key: string;
  readonly clientCa?: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** Like newer exporter-toolkit versions, a CA bundle without a single certificate is an error, not "trust nobody". */
function checkClientCa(pem: string, key: string): void {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw webConfigError(`tls_server_config.${key}: no PEM certificate found`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw webConfigError(`tls_server_config.${key}: ${(error as Error).message}`);
    }
  }
}

/** Maps exporter-toolkit's settings to Node's, and checks them by building a secure context once. */
export function buildTlsSettings(tls: ParsedTls, pems: TlsPems): TlsSettings {
  // Only TLS 1.2-and-older suites are configurable, as in Go; and an empty list would make Node
  // fall back to TLS 1.3 only, so the TLS 1.3 names alone leave the defaults.
  const ciphers = (tls.cipherSuites ?? []).flatMap((name) => CIPHER_SUITES[name] ?? []);
  const secureContext: SecureContextOptions = {
    cert: pems.cert,
    key: pems.key,
    ...(pems.clientCa ? { ca: pems.clientCa } : {}),
    minVersion: TLS_VERSIONS[tls.minVersion],
    maxVersion: TLS_VERSIONS[tls.maxVersion],
    ...(ciphers.length > 0 ? { ciphers: ciphers.join(':') } : {}),
    ...(tls.curvePreferences?.length ? { ecdhCurve: tls.curvePreferences.map((name) => CURVES[name]).join(':') } : {}),
    honorCipherOrder: tls.preferServerCipherSuites,
  };
  if (pems.clientCa) checkClientCa(pems.clientCa, tls.clientCa && 'file' in tls.clientCa ? 'client_ca_file' : 'client_ca');
  try {
    createSecureContext(secureContext);
  } catch (error) {
    throw webConfigError(`tls_server_config: failed to load the certificate and key (${(error as Error).message})`);
  }
  return {
    secureContext,
    clientAuth: tls.clientAuth,
    ...(tls.clientAllowedSans ? { clientAllowedSans: tls.clientAllowedSans } : {}),
  };
}

/**
 * Node checks the chain itself only for RequireAndVerifyClientCert; the other policies request a
 * certificate without rejecting, and clientCertificateProblem() decides per connection.
 */
function verification(settings: TlsSettings): { requestCert: boolean; rejectUnauthorized: boolean } {
  return {
    requestCert: settings.clientAuth !== 'NoClientCert',
    rejectUnauthorized: settings.clientAuth === 'RequireAndVerifyClientCert',
  };
}

export function tlsServerOptions(settings: TlsSettings): ServerOptions {
  return { ...settings.secureContext, ...verification(settings) };
}

/** Switches a running server to new settings; connections already open keep the old ones. */
export function applyTlsSettings(server: TlsServer, settings: TlsSettings): void {
  server.setSecureContext(settings.secureContext);
  // tls.Server copies these two into each new connection (lib/_tls_wrap.js, tlsConnectionListener)
  // and setSecureContext() leaves them alone.
  Object.assign(server as TlsServer & { requestCert: boolean; rejectUnauthorized: boolean }, verification(settings));
}

/** Why a finished handshake breaks the client_auth_type policy or client_allowed_sans, or undefined when it does not. */
export function clientCertificateProblem(settings: TlsSettings, socket: TLSSocket): string | undefined {
  const { clientAuth } = settings;
  if (clientAuth === 'NoClientCert' || clientAuth === 'RequestClientCert') return undefined;
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) {
    return clientAuth === 'VerifyClientCertIfGiven' ? undefined : "client didn't provide a certificate";
  }
  if (clientAuth !== 'RequireAnyClientCert' && !socket.authorized) {
    return `client certificate not verified: ${String(socket.authorizationError)}`;
  }
  if (settings.clientAllowedSans && !hasAllowedSan(certificate.subjectAltName, settings.clientAllowedSans)) {
    return `could not find allowed SANs in client cert (allowed: ${settings.clientAllowedSans.join(', ')})`;
  }
  return undefined;
}
