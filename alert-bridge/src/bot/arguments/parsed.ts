/**
 * What every argument parser returns: the typed arguments, or why they cannot be used plus the usage
 * line of the command, ready to show the person who typed them. Parsers never throw for user input.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; usage: string; reason: string };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function refused<T>(usage: string, reason: string): Parsed<T> {
  return { ok: false, usage, reason };
}

/** The user's text inside a reason: quoted, and cut so that a pasted novel does not flood the chat. */
export function quoteInput(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}
