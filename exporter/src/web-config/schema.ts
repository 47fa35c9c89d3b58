import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { CIPHER_SUITES, CLIENT_AUTH_TYPES, CURVES, TLS_VERSIONS, namesOf } from './tls-names.js';

/**
 * exporter-toolkit's web configuration file (web/tls_config.go `Config`, docs/web-configuration.md).
 * Every object is closed because exporter-toolkit reads the file with yaml.UnmarshalStrict.
 */

function oneOf<const T extends readonly string[]>(values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((value) => Type.Literal(value)));
}

const closed = { additionalProperties: false } as const;

/** What `bcrypt.Cost` accepts: `$2$`, `$2a$`, `$2b$` or `$2y$` (htpasswd), cost 4 to 31, 53 characters of salt and hash. */
export const BCRYPT_HASH = /^\$2[aby]?\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

const TlsServerConfig = Type.Object(
  {
    cert: Type.Optional(Type.String()),
    key: Type.Optional(Type.String()),
    client_ca: Type.Optional(Type.String()),
    cert_file: Type.Optional(Type.String()),
    key_file: Type.Optional(Type.String()),
    // "" means NoClientCert; RequireClientCert is exporter-toolkit's old name for RequireAnyClientCert.
    client_auth_type: Type.Optional(oneOf(['', ...CLIENT_AUTH_TYPES, 'RequireClientCert'])),
    client_ca_file: Type.Optional(Type.String()),
    cipher_suites: Type.Optional(Type.Array(oneOf(namesOf(CIPHER_SUITES)))),
    curve_preferences: Type.Optional(Type.Array(oneOf(namesOf(CURVES)))),
    min_version: Type.Optional(oneOf(namesOf(TLS_VERSIONS))),
    max_version: Type.Optional(oneOf(namesOf(TLS_VERSIONS))),
    prefer_server_cipher_suites: Type.Optional(Type.Boolean()),
    client_allowed_sans: Type.Optional(Type.Array(Type.String())),
  },
  closed,
);

/** exporter-toolkit's `extraHTTPHeaders` (web/handler.go): only these, and some only with these values. */
const Headers = Type.Object(
  {
    'Content-Security-Policy': Type.Optional(Type.String()),
    'X-Frame-Options': Type.Optional(oneOf(['deny', 'sameorigin'])),
    'X-Content-Type-Options': Type.Optional(oneOf(['nosniff'])),
    'X-XSS-Protection': Type.Optional(Type.String()),
    'Strict-Transport-Security': Type.Optional(Type.String()),
  },
  closed,
);

const HttpServerConfig = Type.Object(
  {
    http2: Type.Optional(Type.Boolean()),
    headers: Type.Optional(Headers),
  },
  closed,
);

export const WebConfigSchema = Type.Object(
  {
    tls_server_config: Type.Optional(TlsServerConfig),
    http_server_config: Type.Optional(HttpServerConfig),
    basic_auth_users: Type.Optional(
      Type.Record(
        Type.String(),
        Type.String({
          pattern: BCRYPT_HASH.source,
          description: 'is not a bcrypt hash ($2y$, $2a$ or $2b$ with a cost from 04 to 31)',
        }),
      ),
    ),
    // Newer exporter-toolkit versions have it; parse.ts rejects it with a message of its own.
    rate_limit: Type.Optional(Type.Unknown()),
  },
  closed,
);

export type WebConfigDocument = Static<typeof WebConfigSchema>;
export type TlsServerConfigDocument = NonNullable<WebConfigDocument['tls_server_config']>;

const check = TypeCompiler.Compile(WebConfigSchema);

/** `/tls_server_config/cipher_suites/0` → `tls_server_config.cipher_suites[0]`, walking `value` to tell lists from maps. */
export function keyPath(pointer: string, value: unknown): string {
  let path = '';
  let node = value;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += Array.isArray(node) ? `[${segment}]` : `${path ? '.' : ''}${segment}`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path || '(top level)';
}

const EXPECTED: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.Object]: 'expected a mapping',
  [ValueErrorType.Array]: 'expected a list',
  [ValueErrorType.String]: 'expected a string',
  [ValueErrorType.Boolean]: 'expected true or false',
};

/** Says why, without echoing values that may be secrets (keys, password hashes); enum values are echoed. */
function reason(error: ValueError): string {
  const schema: TSchema = error.schema;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys((schema as { properties?: object }).properties ?? {});
    return `unknown key (known keys: ${known.join(', ')})`;
  }
  // A one-value oneOf() comes out as a plain literal.
  const literals = error.type === ValueErrorType.Literal ? [schema] : (schema.anyOf as TSchema[] | undefined);
  if ((error.type === ValueErrorType.Union || error.type === ValueErrorType.Literal) && literals) {
    const allowed = literals.map((s) => s.const as unknown).filter((v) => v !== '');
    const shown = typeof error.value === 'string' ? JSON.stringify(error.value) : 'the value';
    return `${shown} is not one of ${allowed.join(', ')}`;
  }
  if (error.type === ValueErrorType.StringPattern && typeof schema.description === 'string') {
    return schema.description;
  }
  return EXPECTED[error.type] ?? error.message;
}

/** The document, typed, or its first schema violation as `key.path: reason`. */
export function checkWebConfigDocument(document: unknown): { document: WebConfigDocument } | { violation: string } {
  if (check.Check(document)) return { document };
  const error = check.Errors(document).First();
  return { violation: error ? `${keyPath(error.path, document)}: ${reason(error)}` : 'does not match the schema' };
}
