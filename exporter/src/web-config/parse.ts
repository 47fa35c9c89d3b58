import { parseDocument } from 'yaml';
import { ConfigError } from '../collector.js';
import { checkWebConfigDocument, type TlsServerConfigDocument } from './schema.js';
import {
  TLS_VERSIONS,
  namesOf,
  type CipherSuiteName,
  type ClientAuthType,
  type CurveName,
  type TlsVersionName,
} from './tls-names.js';

export const WEB_CONFIG_FLAG = '--web.config.file';

export function webConfigError(reason: string): ConfigError {
  return new ConfigError(WEB_CONFIG_FLAG, reason);
}

/** A PEM given inline (`cert`) or as a path (`cert_file`), which load.ts resolves against the file's directory. */
export type PemSource = { readonly file: string } | { readonly inline: string };

export interface ParsedTls {
  readonly cert: PemSource;
  readonly key: PemSource;
  readonly clientCa?: PemSource;
  readonly clientAuth: ClientAuthType;
  readonly minVersion: TlsVersionName;
  readonly maxVersion: TlsVersionName;
  readonly cipherSuites?: readonly CipherSuiteName[];
  readonly curvePreferences?: readonly CurveName[];
  readonly preferServerCipherSuites: boolean;
  readonly clientAllowedSans?: readonly string[];
}

export interface ParsedWebConfig {
  /** Absent when the file configures no certificate, key, CA or client_auth_type: plain HTTP. */
  readonly tls?: ParsedTls;
  readonly http2: boolean;
  /** Blank values are left out ("Unset if blank"). */
  readonly headers: Readonly<Record<string, string>>;
  /** User name → bcrypt hash. */
  readonly users: ReadonlyMap<string, string>;
}

const TEXT_NOT_NUMBERS = new Set(['tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp']);

/**
 * YAML 1.1 as Go's yaml.v2 reads it (`http2: yes` is true), except that numbers and dates stay text:
 * yaml.v2 hands a string field the scalar as written (`X-XSS-Protection: 0`, a user called `1234`).
 */
export function parseYaml(text: string): unknown {
  const document = parseDocument(text, {
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || !TEXT_NOT_NUMBERS.has(tag.tag)),
    uniqueKeys: true,
  });
  const [error] = document.errors;
  // The first line only: the rest quotes the file, which may hold a key or a hash.
  if (error) throw webConfigError(`invalid YAML: ${error.message.split('\n')[0]?.replace(/:$/, '')}`);
  try {
    return withoutNulls(document.toJS(), '');
  } catch (cause) {
    // Such as "Excessive alias count" for a file that expands aliases without end.
    throw webConfigError(`invalid YAML: ${(cause as Error).message}`);
  }
}

/** yaml.v2 leaves `key:` and `key: ~` at the default, so they count as absent; a user without a hash stays, and fails. */
function withoutNulls(value: unknown, path: string): unknown {
  if (value === null && path === '') return {};
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, `${path}[]`));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null || path === 'basic_auth_users')
      .map(([key, item]) => [key, withoutNulls(item, path ? `${path}.${key}` : key)]),
  );
}

/** exporter-toolkit reads the file when both the file and the inline form are given (ConfigToTLSConfig). */
function pemSource(file: string | undefined, inline: string | undefined): PemSource | undefined {
  if (file) return { file };
  if (inline) return { inline };
  return undefined;
}

const VERIFYING: ReadonlySet<ClientAuthType> = new Set(['VerifyClientCertIfGiven', 'RequireAndVerifyClientCert']);
const CERTIFICATE_REQUIRED: ReadonlySet<ClientAuthType> = new Set(['RequireAnyClientCert', 'RequireAndVerifyClientCert']);

/** exporter-toolkit's TLSConfig.IsEnabled: TLS is on once any certificate, key, CA or client_auth_type is set. */
function tlsEnabled(tls: TlsServerConfigDocument): boolean {
  return [tls.cert_file, tls.cert, tls.key_file, tls.key, tls.client_ca_file, tls.client_ca, tls.client_auth_type].some(Boolean);
}

/** The checks of exporter-toolkit's ConfigToTLSConfig that need no file, plus a CA for the verifying policies. */
function parseTls(tls: TlsServerConfigDocument): ParsedTls {
  const cert = pemSource(tls.cert_file, tls.cert);
  if (!cert) throw webConfigError('tls_server_config: missing one of cert or cert_file');
  const key = pemSource(tls.key_file, tls.key);
  if (!key) throw webConfigError('tls_server_config: missing one of key or key_file');

  const clientAuth: ClientAuthType =
    tls.client_auth_type === 'RequireClientCert' ? 'RequireAnyClientCert' : tls.client_auth_type || 'NoClientCert';
  const clientCa = pemSource(tls.client_ca_file, tls.client_ca);
  if (clientCa && clientAuth === 'NoClientCert') {
    const caKey = tls.client_ca_file ? 'client_ca_file' : 'client_ca';
    throw webConfigError(`tls_server_config.${caKey}: client CAs are configured without a client_auth_type`);
  }
  // Stricter than exporter-toolkit, where Go would fall back to the system roots: verifying scrapers
  // against every public CA is never what an exporter wants.
  if (!clientCa && VERIFYING.has(clientAuth)) {
    throw webConfigError(`tls_server_config.client_auth_type: ${clientAuth} needs client_ca_file (or client_ca) to verify client certificates`);
  }
  if (tls.client_allowed_sans && !CERTIFICATE_REQUIRED.has(clientAuth)) {
    throw webConfigError(
      'tls_server_config.client_allowed_sans: requires client_auth_type to be one of RequireAnyClientCert or RequireAndVerifyClientCert',
    );
  }

  const minVersion = tls.min_version ?? 'TLS12';
  const maxVersion = tls.max_version ?? 'TLS13';
  const order = namesOf(TLS_VERSIONS);
  if (order.indexOf(minVersion) > order.indexOf(maxVersion)) {
    throw webConfigError(`tls_server_config.min_version: ${minVersion} is above max_version ${maxVersion}`);
  }

  return {
    cert,
    key,
    ...(clientCa ? { clientCa } : {}),
    clientAuth,
    minVersion,
    maxVersion,
    ...(tls.cipher_suites ? { cipherSuites: tls.cipher_suites } : {}),
    ...(tls.curve_preferences ? { curvePreferences: tls.curve_preferences } : {}),
    preferServerCipherSuites: tls.prefer_server_cipher_suites ?? true,
    ...(tls.client_allowed_sans ? { clientAllowedSans: tls.client_allowed_sans } : {}),
  };
}

/** Turns the text of a web configuration file into settings; throws a ConfigError naming the key at fault. */
export function parseWebConfig(text: string): ParsedWebConfig {
  const checked = checkWebConfigDocument(parseYaml(text));
  if ('violation' in checked) throw webConfigError(checked.violation);
  const { document } = checked;
  if (document.rate_limit !== undefined) {
    throw webConfigError('rate_limit: not supported by hostwatch-exporter; limit the request rate in front of it (e.g. a reverse proxy)');
  }
  const tls = document.tls_server_config;
  const headers = Object.entries(document.http_server_config?.headers ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
  );
  return {
    ...(tls && tlsEnabled(tls) ? { tls: parseTls(tls) } : {}),
    http2: document.http_server_config?.http2 ?? true,
    headers: Object.fromEntries(headers),
    users: new Map(Object.entries(document.basic_auth_users ?? {})),
  };
}
