/** A secret and the name a report gives it. */
export interface NamedSecret {
  readonly name: string;
  readonly value: string;
}

/** The spellings a secret could take in a log line: as is, URL-encoded, JSON-escaped, base64. */
export function secretSpellings(value: string): string[] {
  const spellings = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')];
  return [...new Set(spellings)];
}

/** Basic auth's `user:password`, as a header carries it (base64), for the secrets list. */
export function basicCredentials(name: string, user: string, password: string): NamedSecret[] {
  return [
    { name, value: password },
    { name: `${name} as Basic credentials`, value: Buffer.from(`${user}:${password}`).toString('base64') },
  ];
}

/** Each secret found in the text, with the spelling and a little context. */
export function findSecrets(text: string, secrets: readonly NamedSecret[]): { name: string; context: string }[] {
  const found: { name: string; context: string }[] = [];
  for (const secret of secrets) {
    for (const spelling of secretSpellings(secret.value)) {
      const at = text.indexOf(spelling);
      if (at >= 0) {
        found.push({ name: secret.name, context: text.slice(Math.max(0, at - 120), at + spelling.length + 40).replace(spelling, '<SECRET>') });
        break;
      }
    }
  }
  return found;
}
