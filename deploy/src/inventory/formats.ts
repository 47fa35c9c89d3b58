// The syntax of the values that end up in Prometheus labels and Alertmanager receivers, checked here
// so that the inventory, not Prometheus or Alertmanager at reload time, names the faulty host.

/** A Telegram chat id, negative for groups and channels, and an optional forum topic (thread) id. */
export const TELEGRAM_CHAT = /^-?[1-9][0-9]{0,19}(?::[1-9][0-9]{0,19})?$/;

/**
 * An address Alertmanager can put in `to:` (which it splits on commas): no spaces, commas, angle
 * brackets or quotes, and a domain with at least one dot, which catches `alice@example` typos.
 */
export const EMAIL_ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Prometheus' label name syntax; names starting with `__` are Prometheus' own. */
export const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Target labels a host may not set, and why. Labels of the exporter's own series would be renamed
 * `exported_<name>` by Prometheus and break the rules; alert labels would be overwritten silently.
 */
export const RESERVED_LABELS: Readonly<Record<string, string>> = {
  instance: 'set from address',
  job: 'set by prometheus.yml',
  telegram_chat: 'set from the host\'s telegram_chat key',
  alertname: 'set by the alert rules',
  severity: 'set by the alert rules',
  cpu: 'a label of the exporter\'s metrics',
  mode: 'a label of the exporter\'s metrics',
  device: 'a label of the exporter\'s metrics',
  fstype: 'a label of the exporter\'s metrics',
  mountpoint: 'a label of the exporter\'s metrics',
  name: 'a label of the exporter\'s metrics',
  state: 'a label of the exporter\'s metrics',
  type: 'a label of the exporter\'s metrics',
  collector: 'a label of the exporter\'s metrics',
};
