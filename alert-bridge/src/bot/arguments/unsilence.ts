import { parsed, quoteInput, refused, type Parsed } from './parsed.js';
import { tokenize, tokenValue } from './tokens.js';

export interface UnsilenceArguments {
  /** Lower case, as Alertmanager makes them. */
  readonly silenceId: string;
}

export const UNSILENCE_USAGE = 'Usage: /unsilence <silence id>, e.g. /unsilence 3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97';

// Alertmanager's silence ids are UUIDs (google/uuid, version 4), printed in lower case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/unsilence <id>`; `text` is what follows the command. */
export function parseUnsilenceArguments(text: string): Parsed<UnsilenceArguments> {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return refused(UNSILENCE_USAGE, tokenized.reason);
  const [first, ...rest] = tokenized.tokens;
  if (first === undefined) return refused(UNSILENCE_USAGE, 'give the id of the silence to end');
  if (rest.length > 0) return refused(UNSILENCE_USAGE, 'give one silence id only');
  const id = tokenValue(first.raw);
  if (!UUID.test(id)) return refused(UNSILENCE_USAGE, `${quoteInput(id)} is not a silence id (a UUID like 3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97)`);
  return parsed({ silenceId: id.toLowerCase() });
}
