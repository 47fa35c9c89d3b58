// The argument parsers of the bot's commands: pure functions of the text after the command.
export { parseHistoryArguments, HISTORY_USAGE, type HistoryArguments, type HistoryFilter } from './history.js';
export { formatDuration, parseDuration } from './duration.js';
export { formatMatcher, type Matcher } from './matcher.js';
export type { Parsed } from './parsed.js';
export {
  DEFAULT_SILENCE_COMMENT,
  MAX_SILENCE_MS,
  MIN_SILENCE_MS,
  parseSilenceArguments,
  SILENCE_USAGE,
  type SilenceArguments,
} from './silence.js';
export { parseStatusArguments, STATUS_USAGE, type StatusArguments } from './status.js';
export { parseUnsilenceArguments, UNSILENCE_USAGE, type UnsilenceArguments } from './unsilence.js';
