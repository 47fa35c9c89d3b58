import { TelegramApiError, TelegramBotError } from 'node-telegram-bot-api';
import { UpstreamError } from '../upstream/errors.js';

/**
 * An error as one line (or a stack) that is safe to log. The library builds request URLs as
 * `<apiRoot>/bot<token>/<method>` and fetch errors may carry them, so error objects are never logged
 * as they are, and the token's secret is cut out of whatever text is.
 */
export function describeError(error: unknown, botToken: string): string {
  return redactToken(errorText(error), botToken);
}

function errorText(error: unknown): string {
  if (error instanceof TelegramApiError) return `Telegram answered ${error.errorCode}: ${error.description}`;
  if (error instanceof UpstreamError) return error.message;
  if (error instanceof TelegramBotError) {
    // NetworkError and TimeoutError: the message names the method; the cause says why.
    const cause = error.cause as { message?: string; code?: string; cause?: { code?: string; message?: string } } | undefined;
    const why = cause?.cause?.code ?? cause?.cause?.message ?? cause?.code ?? cause?.message;
    return why ? `${error.message} (${why})` : error.message;
  }
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** The secret half of `<bot id>:<secret>` goes, wherever and however it was written into the text. */
export function redactToken(text: string, botToken: string): string {
  const secret = botToken.slice(botToken.indexOf(':') + 1);
  if (secret.length < 8) return botToken === '' ? text : text.split(botToken).join('[redacted]');
  return [secret, encodeURIComponent(secret)].reduce((result, form) => result.split(form).join('[redacted]'), text);
}
