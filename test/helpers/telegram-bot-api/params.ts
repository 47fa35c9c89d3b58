import type { IncomingMessage } from 'node:http';

/** A Bot API refusal: the `{ ok: false }` envelope the server answers with, status = error_code. */
export class BotApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(`${errorCode}: ${description}`);
  }
}

export const badRequest = (what: string): BotApiError => new BotApiError(400, `Bad Request: ${what}`);

/**
 * Reads a request's parameters the ways the Bot API takes them: the query string, plus a JSON,
 * urlencoded or multipart body. node-telegram-bot-api 2.x sends urlencoded (multipart once a file is
 * attached), so every value arrives as a string and structured ones as JSON text.
 */
export async function readParams(request: IncomingMessage): Promise<Record<string, unknown>> {
  const url = new URL(request.url ?? '/', 'http://fake');
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return params;
  const contentType = request.headers['content-type'] ?? '';
  if (/^application\/json\b/i.test(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON body");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('JSON body must be an object');
    return { ...params, ...(parsed as Record<string, unknown>) };
  }
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
    // undici's Response parses both form encodings exactly as fetch produced them.
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [key, value] of form) params[key] = typeof value === 'string' ? value : `<file ${value.name}>`;
    return params;
  }
  throw badRequest(`unsupported content type "${contentType}"`);
}

/** Typed access to one request's parameters, whether they came as JSON values or form strings. */
export class Params {
  constructor(readonly raw: Readonly<Record<string, unknown>>) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be a string`);
  }

  integer(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const number = typeof value === 'string' && /^-?[0-9]+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw badRequest(`field "${name}" must be an Integer`);
    return number;
  }

  boolean(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (value === true || value === 'true' || value === '1' || value === 1) return true;
    if (value === false || value === 'false' || value === '0' || value === 0) return false;
    throw badRequest(`field "${name}" must be a Boolean`);
  }

  /** A structured field: a JSON value in a JSON body, JSON text in a form. */
  json(name: string, unparsable: string): unknown {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw badRequest(unparsable);
    }
  }

  /** chat_id as a number; "@username" names no chat the fake knows. */
  chatId(): number {
    const value = this.raw.chat_id;
    if (value === undefined || value === null || value === '') throw badRequest('chat_id is empty');
    const number = typeof value === 'string' && /^-?[0-9]+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number === 0) throw badRequest('chat not found');
    return number;
  }
}
