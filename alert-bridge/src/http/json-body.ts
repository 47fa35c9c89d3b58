import parseBody from 'co-body';
import type { Context } from 'koa';
import { HttpError } from './http-error.js';

/** Alertmanager's bodies are a few KiB; 1 MiB leaves room for large groups and stops abuse early. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' && value === '' ? 'empty' : `a ${typeof value}`;
}

/** zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR, …) and brotli's (ERR__ERROR_FORMAT_…): the client's body, not us. */
function isDecompressionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(Z_|ERR__ERROR_|ERR_BROTLI)/.test(code);
}

/**
 * The request body as a JSON object: 415 for another content type or an unknown Content-Encoding, 413
 * above the limit (counted after decompression, and before reading when Content-Length says so), 400
 * for broken JSON, a body its Content-Encoding does not decode, or a body that is not an object.
 */
export async function readJsonObject(ctx: Context, limitBytes = BODY_LIMIT_BYTES): Promise<Record<string, unknown>> {
  if (!ctx.is('application/json', '+json')) {
    throw new HttpError(415, `content type must be application/json, not ${ctx.get('Content-Type') ? JSON.stringify(ctx.get('Content-Type')) : 'missing'}`);
  }
  let body: unknown;
  try {
    body = await parseBody.json(ctx, { limit: limitBytes, strict: false });
  } catch (error) {
    const { type, status, message } = error as { type?: string; status?: number; message: string };
    if (type === 'entity.too.large') throw new HttpError(413, `body larger than ${limitBytes} bytes`);
    if (error instanceof SyntaxError) throw new HttpError(400, `body is not valid JSON: ${message}`);
    if (typeof status === 'number' && status >= 400 && status < 500) throw new HttpError(status, message);
    if (isDecompressionError(error)) {
      throw new HttpError(400, `body could not be decoded as its Content-Encoding (${ctx.get('Content-Encoding')}) says: ${message}`);
    }
    throw error;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, `body must be a JSON object, not ${kindOf(body)}`);
  }
  return body as Record<string, unknown>;
}
