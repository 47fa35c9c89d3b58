import { escapeHtml } from '../../notify/telegram/render/index.js';
import { UpstreamError } from '../../upstream/errors.js';
import { oneLine, truncate } from './text.js';

/** What was wrong with the arguments, then how the command is used. */
export function usageText(refusal: { reason: string; usage: string }): string {
  return `⚠️ ${escapeHtml(refusal.reason)}\n${escapeHtml(refusal.usage)}`;
}

/** The command needs an upstream whose URL was not configured. */
export function notConfiguredText(variable: 'PROMETHEUS_URL' | 'ALERTMANAGER_URL', what: string): string {
  return `⚠️ ${escapeHtml(what)}: ${variable} is not set, so the bridge has nobody to ask.`;
}

/**
 * One line saying what failed. An UpstreamError's message is written to be shown (it names the
 * upstream and the cause, never credentials); anything else is a bug whose details stay in the log.
 */
export function failureText(what: string, error: unknown): string {
  if (error instanceof UpstreamError) return `⚠️ Could not ${escapeHtml(what)}: ${escapeHtml(truncate(oneLine(error.message), 300))}`;
  return `⚠️ Could not ${escapeHtml(what)}: the bridge failed; the error is in its log.`;
}
