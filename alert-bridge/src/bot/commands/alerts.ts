import { formatFiringAlerts } from '../format/alerts.js';
import { notConfiguredText } from '../format/notices.js';
import type { ChatCommand } from './command.js';

export const alertsCommand: ChatCommand = {
  name: 'alerts',
  syntax: '/alerts',
  description: 'What is firing now, from Alertmanager',
  failure: 'get the firing alerts',
  async run({ deps, chatId, now, reply }) {
    if (!deps.alertmanager) return void (await reply(notConfiguredText('ALERTMANAGER_URL', 'No alerts')));
    // Alertmanager's API v2 defaults are everything; the client asks for active, not silenced, not inhibited.
    const alerts = await deps.alertmanager.alerts();
    const isHere = (alert: { labels: Readonly<Record<string, string>> }): boolean =>
      deps.routing.destinationsOf(alert.labels).some((destination) => destination.chatId === chatId);
    await reply(formatFiringAlerts(alerts, isHere, now));
  },
};
