import { readFile } from 'node:fs/promises';
import type { NotificationRecord } from '../../../history/record.js';
import type { AlertGroupNotification } from '../../notifier.js';
import { firingAlertView, resolvedAlertView } from './alert-view.js';
import { DEFAULT_TEMPLATE } from './default-template.js';
import { digestHeaderView, digestSections } from './digest-view.js';
import { groupHeaderView } from './header-view.js';
import { packMessages, type MessageBlock, type MessagePart } from './message-pack.js';
import { checkTemplate } from './template-check.js';
import { compileMessageTemplate, type MessageTemplate, type PartialName } from './template.js';
import { TemplateError } from './template-error.js';

export interface RenderOptions {
  /** What "firing for" counts to: rendering is a pure function of the alerts and this. */
  readonly now: Date;
  /** Where silences are made; wins over the externalURL Alertmanager reports. */
  readonly alertmanagerUrl?: string;
}

export interface RenderedMessage {
  /** Telegram HTML, at most TELEGRAM_MESSAGE_LIMIT UTF-16 units, balanced. */
  readonly text: string;
  readonly status: 'firing' | 'resolved';
  /** The records this message shows (for silence buttons bound to them). */
  readonly recordIds: readonly string[];
}

export interface MessageRenderer {
  /** One group's messages: its firing alerts first, then its resolved ones, each alert in exactly one message unless it alone is longer than one. */
  renderGroup(group: AlertGroupNotification, options: RenderOptions): RenderedMessage[];
  /** Many groups as one digest (an alert storm): a line per alert, by alertname. */
  renderDigest(groups: readonly AlertGroupNotification[], options: RenderOptions): RenderedMessage[];
}

const ALERT_SEPARATOR = '\n\n';
const LINE_SEPARATOR = '\n';

/** Renders with a template's partials; a block the template gets wrong at run time is rendered by `fallback` (the built-in template). */
export class TemplateRenderer implements MessageRenderer {
  constructor(
    private readonly template: MessageTemplate,
    private readonly fallback: MessageTemplate = template,
  ) {}

  private render(name: PartialName, view: object): string {
    try {
      return this.template.render(name, view);
    } catch (error) {
      if (!(error instanceof TemplateError) || this.fallback === this.template) throw error;
      return this.fallback.render(name, view);
    }
  }

  private statusMessages(
    group: AlertGroupNotification,
    status: 'firing' | 'resolved',
    records: readonly NotificationRecord[],
    options: RenderOptions,
  ): RenderedMessage[] {
    const blocks: MessageBlock[] = records.map((record) => ({
      html:
        status === 'firing'
          ? this.render('firing_alert', firingAlertView(record, options.now, options.alertmanagerUrl))
          : this.render('resolved_alert', resolvedAlertView(record)),
      recordIds: [record.id],
      separator: ALERT_SEPARATOR,
    }));
    const header = (part: MessagePart): string =>
      this.render(status === 'firing' ? 'firing_header' : 'resolved_header', groupHeaderView(group, status, records, part));
    return packMessages(blocks, header).map((message) => ({ ...message, status }));
  }

  renderGroup(group: AlertGroupNotification, options: RenderOptions): RenderedMessage[] {
    const firing = group.records.filter((record) => record.status === 'firing');
    const resolved = group.records.filter((record) => record.status === 'resolved');
    return [...this.statusMessages(group, 'firing', firing, options), ...this.statusMessages(group, 'resolved', resolved, options)];
  }

  renderDigest(groups: readonly AlertGroupNotification[], _options: RenderOptions): RenderedMessage[] {
    const firingIds = new Set(groups.flatMap((group) => group.records.filter((record) => record.status === 'firing').map((record) => record.id)));
    const blocks: MessageBlock[] = digestSections(groups.flatMap((group) => group.records)).flatMap((section) => {
      const heading = this.render('digest_section', section.view);
      return section.alerts.map((alert) => ({
        html: this.render('digest_alert', alert),
        recordIds: [alert.id],
        separator: LINE_SEPARATOR,
        heading,
      }));
    });
    const header = (part: MessagePart): string => this.render('digest_header', digestHeaderView(groups, part));
    return packMessages(blocks, header).map((message) => ({
      ...message,
      status: message.recordIds.some((id) => firingIds.has(id)) ? 'firing' : 'resolved',
    }));
  }
}

let builtIn: MessageTemplate | undefined;

/** The built-in template, compiled once. */
export function defaultTemplate(): MessageTemplate {
  builtIn ??= compileMessageTemplate(DEFAULT_TEMPLATE, 'built-in');
  return builtIn;
}

export function defaultRenderer(): MessageRenderer {
  return new TemplateRenderer(defaultTemplate());
}

/** A renderer for the template in `templateFile`, checked on sample alerts; a TemplateError naming the file and the problem otherwise. */
export async function loadRenderer(templateFile: string): Promise<MessageRenderer> {
  let source: string;
  try {
    source = await readFile(templateFile, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TemplateError(templateFile, `cannot read the template: ${reason}`);
  }
  const template = compileMessageTemplate(source, templateFile);
  checkTemplate(template);
  return new TemplateRenderer(template, defaultTemplate());
}
