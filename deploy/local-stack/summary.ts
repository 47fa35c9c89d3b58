import path from 'node:path';
import { HISTORY_DATABASE, type Component } from './components.js';
import type { StackLayout } from './layout.js';
import { REPO_ROOT } from './repo.js';
import type { StackSettings } from './settings.js';

/** How Telegram is set up, from the variables `up` passed to the bridge. */
export function describeTelegram(telegramEnv: Readonly<Record<string, string>>): string {
  const hasToken = Boolean(telegramEnv.TELEGRAM_BOT_TOKEN ?? telegramEnv.TELEGRAM_BOT_TOKEN_FILE);
  if (!hasToken) return 'off: notifications are only logged (logs/bridge.log); set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID, then down and up';
  const chat = telegramEnv.TELEGRAM_CHAT_ID ? `chat ${telegramEnv.TELEGRAM_CHAT_ID}` : 'no TELEGRAM_CHAT_ID: only hosts with a telegram_chat get messages';
  return `on, ${chat}${telegramEnv.TELEGRAM_API_URL ? ` through ${telegramEnv.TELEGRAM_API_URL}` : ''}`;
}

/** The command to run again for this folder, as the user would type it. */
export function stackCommand(settings: StackSettings, subcommand: string): string {
  const script = process.env.HOSTWATCH_STACK_COMMAND ?? path.relative(process.cwd(), path.join(REPO_ROOT, 'deploy/local-stack/stack.sh'));
  const dirIsDefault = settings.dir === path.join(REPO_ROOT, '.hostwatch-stack');
  return `${dirIsDefault ? '' : `HOSTWATCH_STACK_DIR=${settings.dir} `}${script} ${subcommand}`;
}

/** What `up` prints once everything is ready: where each part answers, the token, and how to stop. */
export function renderSummary(options: {
  settings: StackSettings;
  layout: StackLayout;
  components: readonly Component[];
  telegram: string;
  inventoryFile: string;
}): string {
  const { settings, layout, components, telegram, inventoryFile } = options;
  const url = (name: Component['name']): string => components.find((component) => component.name === name)?.url ?? '';
  const rows: [string, string][] = [
    ['Prometheus', url('prometheus')],
    ['Alertmanager', url('alertmanager')],
    ['alert bridge', url('bridge')],
    ['InfluxDB', `${url('influxdb')}  (database ${HISTORY_DATABASE})`],
    ['exporter', url('exporter')],
    ['bridge token', `${layout.tokenFile}  (mode 0600; Alertmanager sends it)`],
    ['Telegram', telegram],
    ['inventory', inventoryFile],
    ['logs', `${layout.logsDir}/`],
  ];
  return [
    `Hostwatch stack in ${layout.root}:`,
    ...rows.map(([name, value]) => `  ${name.padEnd(13)} ${value}`),
    '',
    `History:  curl -H "Authorization: Bearer $(cat ${layout.tokenFile})" ${url('bridge')}/api/v1/notifications`,
    `Status:   ${stackCommand(settings, 'status')}`,
    `Stop:     ${stackCommand(settings, 'down')}   (keeps the data; \`down --purge\` deletes the folder)`,
    '',
  ].join('\n');
}
