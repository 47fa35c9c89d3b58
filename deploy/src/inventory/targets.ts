import { Document, Scalar } from 'yaml';
import { GENERATED_HEADER } from './generated-header.js';
import type { Inventory } from './inventory.js';

/** The label that tells the bridge which Telegram chat (or chat:topic) gets a host's alerts. */
export const TELEGRAM_CHAT_LABEL = 'telegram_chat';

/**
 * Prometheus' file_sd list: one target group per host, so that each carries its own labels. The
 * labels reach every series of the host and so every alert, which is how `telegram_chat` gets from
 * the inventory to the bridge.
 */
export function renderTargets(inventory: Inventory): string {
  const groups = inventory.hosts.map((host) => {
    const labels: Record<string, string> = { ...host.labels };
    if (host.telegramChat !== undefined) labels[TELEGRAM_CHAT_LABEL] = host.telegramChat;
    return Object.keys(labels).length > 0 ? { targets: [host.address], labels } : { targets: [host.address] };
  });
  const document = new Document(groups);
  document.commentBefore = GENERATED_HEADER;
  // Every value quoted: Prometheus reads YAML 1.1, where `-100123:42` or `no` might not be a string.
  return document.toString({ lineWidth: 0, defaultStringType: Scalar.QUOTE_DOUBLE, defaultKeyType: Scalar.PLAIN });
}
