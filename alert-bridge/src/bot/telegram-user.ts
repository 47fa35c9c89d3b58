import type { User } from 'node-telegram-bot-api';

/** How a person is named in replies: `@username`, else their first (and last) name. */
export function userLabel(user: User): string {
  if (user.username) return `@${user.username}`;
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || `user ${user.id}`;
}

/**
 * A silence's createdBy: the name people recognise plus the id that stays true when the name
 * changes, e.g. `@alice (tg:123456789)`.
 */
export function silenceCreator(user: User): string {
  return `${userLabel(user)} (tg:${user.id})`;
}
