import { escapeHtml } from '../../notify/telegram/render/index.js';
import { SilenceNotFoundError } from '../../upstream/errors.js';
import { maySilence, SILENCE_NOT_ALLOWED } from '../access.js';
import { formatMatcher, parseUnsilenceArguments } from '../arguments/index.js';
import { notConfiguredText, usageText } from '../format/notices.js';
import { utcMinute } from '../format/time.js';
import type { ChatCommand } from './command.js';

export const unsilenceCommand: ChatCommand = {
  name: 'unsilence',
  syntax: '/unsilence <id>',
  description: 'End a silence now',
  failure: 'end the silence',
  async run({ deps, from, args, reply }) {
    if (!maySilence(deps.config, from)) return void (await reply(SILENCE_NOT_ALLOWED));
    const parsed = parseUnsilenceArguments(args);
    if (!parsed.ok) return void (await reply(usageText(parsed)));
    if (!deps.alertmanager) return void (await reply(notConfiguredText('ALERTMANAGER_URL', 'Cannot unsilence')));
    const { silenceId } = parsed.value;
    const code = `<code>${escapeHtml(silenceId)}</code>`;
    try {
      // Read first: an expired silence cannot be expired again, and the answer should say what ended.
      const silence = await deps.alertmanager.silence(silenceId);
      // isEqual is absent from Alertmanagers before 0.22, where every matcher was an equality.
      const matchers = silence.matchers.map((m) => `<code>${escapeHtml(formatMatcher({ ...m, isEqual: m.isEqual ?? true }))}</code>`);
      const what = `${matchers.join(' ')}, by ${escapeHtml(silence.createdBy)}`;
      if (silence.status.state === 'expired') {
        return void (await reply(`Silence ${code} (${what}) already ended at ${utcMinute(new Date(silence.endsAt))}.`));
      }
      await deps.alertmanager.expireSilence(silenceId);
      await reply(`🔔 Silence ${code} ended (${what}).`);
    } catch (error) {
      if (!(error instanceof SilenceNotFoundError)) throw error;
      await reply(`Alertmanager has no silence ${code}.`);
    }
  },
};
