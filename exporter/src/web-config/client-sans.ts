import { isIPv6 } from 'node:net';

export interface SubjectAltName {
  /** As Node prints it: `DNS`, `IP Address`, `email`, `URI`, ... */
  readonly type: string;
  readonly value: string;
}

/** The index of the quote closing the JSON string that starts text. */
function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

/**
 * Splits Node's `subjectAltName` text (`DNS:localhost, IP Address:127.0.0.1`). Node quotes a value
 * that holds a comma or a quote as a JSON string, so a plain value never contains ", ".
 */
export function parseSubjectAltNames(text: string | undefined): SubjectAltName[] {
  const names: SubjectAltName[] = [];
  let rest = text ?? '';
  while (rest.length > 0) {
    const colon = rest.indexOf(':');
    if (colon < 0) break;
    const type = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
    let value: string;
    if (rest.startsWith('"')) {
      const end = closingQuote(rest);
      try {
        value = JSON.parse(rest.slice(0, end + 1)) as string;
      } catch {
        value = rest.slice(1, end);
      }
      rest = rest.slice(end + 1);
    } else {
      const comma = rest.indexOf(', ');
      value = comma < 0 ? rest : rest.slice(0, comma);
      rest = comma < 0 ? '' : rest.slice(comma);
    }
    names.push({ type, value });
    if (rest.startsWith(', ')) rest = rest.slice(2);
  }
  return names;
}

/** Go's `net.IP.String()` form: IPv6 compressed and lower case. */
function goIpString(ip: string): string {
  return isIPv6(ip) ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

const MATCHED_TYPES: Record<string, (value: string) => string> = {
  DNS: (value) => value,
  email: (value) => value,
  'IP Address': goIpString,
  URI: (value) => value,
};

/**
 * exporter-toolkit's `VerifyPeerCertificate` (web/tls_config.go): some DNS, e-mail, IP or URI SAN of
 * the client certificate equals an entry of `client_allowed_sans` exactly.
 */
export function hasAllowedSan(subjectAltName: string | undefined, allowed: readonly string[]): boolean {
  return parseSubjectAltNames(subjectAltName).some(({ type, value }) => {
    const normalize = MATCHED_TYPES[type];
    return normalize !== undefined && allowed.includes(normalize(value));
  });
}
