import { escapeHtml } from '../../notify/telegram/render/index.js';
import { maySilence, SILENCE_NOT_ALLOWED } from '../access.js';
import { formatDuration, formatMatcher, parseSilenceArguments } from '../arguments/index.js';
import { notConfiguredText, usageText } from '../format/notices.js';
import { utcMinute } from '../format/time.js';
import { silenceCreator } from '../telegram-user.js';
import type { ChatCommand } from './command.js';

export const silenceCommand: ChatCommand = {
  name: 'silence',
  syntax: '/silence <matcher>... <duration> [comment]',
  description: 'Silence matching alerts in Alertmanager, e.g. /silence instance=web1:9100 2h deploy',
  failure: 'create the silence',
  async run({ deps, from, args, now, reply }) {
    if (!maySilence(deps.config, from)) return void (await reply(SILENCE_NOT_ALLOWED));
    const parsed = parseSilenceArguments(args);
    if (!parsed.ok) return void (await reply(usageText(parsed)));
    if (!deps.alertmanager) return void (await reply(notConfiguredText('ALERTMANAGER_URL', 'Cannot silence')));
    if (!from) return void (await reply('⚠️ A silence names who made it: send /silence as yourself, not on behalf of a chat.'));
    const { matchers, durationMs, comment } = parsed.value;
    const endsAt = new Date(now.getTime() + durationMs);
    const id = await deps.alertmanager.createSilence({ matchers, startsAt: now, endsAt, createdBy: silenceCreator(from), comment });
    await reply(
      [
        `🔕 Silenced until ${utcMinute(endsAt)} (${formatDuration(durationMs)})`,
        `ID: <code>${escapeHtml(id)}</code>`,
        `Matchers: ${matchers.map((m) => `<code>${escapeHtml(formatMatcher(m))}</code>`).join(' ')}`,
        `Comment: ${escapeHtml(comment)}`,
        `End it early with <code>/unsilence ${escapeHtml(id)}</code>`,
      ].join('\n'),
    );
  },
};
