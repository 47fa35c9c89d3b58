import type { Logger } from 'pino';
import type { Compose, PartDraft } from '../../delivery/worker.js';
import type { AlertGroupNotification } from '../notifier.js';
import type { MessageRenderer, RenderedMessage, RenderOptions } from './render/index.js';

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
      messages = render(options.fallback);
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
