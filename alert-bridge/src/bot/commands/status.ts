import { escapeHtml } from '../../notify/telegram/render/index.js';
import { parseStatusArguments } from '../arguments/index.js';
import { findHosts, formatHostDetail, formatHostStatus } from '../format/host-status.js';
import { notConfiguredText, usageText } from '../format/notices.js';
import type { ChatCommand } from './command.js';

export const statusCommand: ChatCommand = {
  name: 'status',
  syntax: '/status [host]',
  description: 'CPU, memory and disk use per host, from Prometheus',
  failure: 'get the host status',
  async run({ deps, args, reply }) {
    const parsed = parseStatusArguments(args);
    if (!parsed.ok) return void (await reply(usageText(parsed)));
    if (!deps.prometheus) return void (await reply(notConfiguredText('PROMETHEUS_URL', 'No host status')));
    const hosts = await deps.prometheus.hostStatus();
    const { host } = parsed.value;
    if (host === undefined) return void (await reply(formatHostStatus(hosts)));
    const [only, ...others] = findHosts(hosts, host);
    if (!only) return void (await reply(`Prometheus knows no host <code>${escapeHtml(host)}</code>; /status lists them all.`));
    await reply(others.length === 0 ? formatHostDetail(only) : formatHostStatus([only, ...others]));
  },
};
