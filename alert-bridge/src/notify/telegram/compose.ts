import type { Logger } from 'pino';
import type { Compose, PartDraft } from '../../delivery/worker.js';
import type { AlertGroupNotification } from '../notifier.js';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT, type MessageRenderer, type RenderedMessage, type RenderOptions } from './render/index.js';

export interface ComposeOptions {
  /** The user's template, or the default. */
  readonly renderer: MessageRenderer;
  /** The built-in template: used when the user's throws on some alert, so that the alert still goes out. */
  readonly fallback: MessageRenderer;
  /** Links to the silence form go here instead of each alert's externalURL. */
  readonly alertmanagerUrl?: string;
  /** Silence buttons need Alertmanager's API (ALERTMANAGER_URL). */
  readonly silenceButtons: boolean;
  readonly logger: Logger;
}

/** Rendering for the delivery queue: Telegram messages, with Silence buttons on firing messages of one group. */
export function telegramCompose(options: ComposeOptions): Compose {
  return (groups, kind, now) => {
    const renderOptions: RenderOptions = { now, ...(options.alertmanagerUrl ? { alertmanagerUrl: options.alertmanagerUrl } : {}) };
    const render = (renderer: MessageRenderer): RenderedMessage[] =>
      kind === 'digest' ? renderer.renderDigest(groups, renderOptions) : renderer.renderGroup(groups[0] as AlertGroupNotification, renderOptions);
    let messages: RenderedMessage[];
    try {
      messages = render(options.renderer);
    } catch (error) {
      options.logger.error({ err: error, groupKeys: groups.map((group) => group.groupKey) }, 'the message template failed; sending with the default template');
      try {
        messages = render(options.fallback);
      } catch (fallbackError) {
        // The queue must never stall on one group: a bare message still tells the chat what fired.
        options.logger.error({ err: fallbackError }, 'the default template failed too; sending a plain list');
        messages = plainMessages(groups);
      }
    }
    return messages.map((message): PartDraft => {
      const draft = { text: message.text, status: message.status, recordIds: message.recordIds };
      if (!options.silenceButtons || kind !== 'group' || message.status !== 'firing') return draft;
      const shown = new Set(message.recordIds);
      const silence = groups.flatMap((group) => group.records).filter((record) => shown.has(record.id) && record.status === 'firing');
      return { ...draft, silence: silence.map((record) => ({ id: record.id, labels: record.labels })) };
    });
  };
}

/** One escaped line per alert, in messages under Telegram's limit: the last resort when rendering fails. */
function plainMessages(groups: readonly AlertGroupNotification[]): RenderedMessage[] {
  const messages: RenderedMessage[] = [];
  let lines: string[] = [];
  let ids: string[] = [];
  let firing = false;
  const flush = () => {
    if (lines.length > 0) messages.push({ text: lines.join('\n'), status: firing ? 'firing' : 'resolved', recordIds: ids });
    [lines, ids, firing] = [[], [], false];
  };
  for (const record of groups.flatMap((group) => group.records)) {
    const line = escapeHtml(`${record.status.toUpperCase()} ${record.alertname} ${record.instance} ${record.annotations.summary ?? ''}`.slice(0, 500));
    if (lines.join('\n').length + line.length + 1 > TELEGRAM_MESSAGE_LIMIT) flush();
    lines.push(line);
    ids.push(record.id);
    firing ||= record.status === 'firing';
  }
  flush();
  return messages;
}
