import { parseMatcher, type Matcher } from '../../bot/arguments/matcher.js';
import { ConfigError } from '../../config/config-error.js';
import { parseDestination, type TelegramDestination, type TelegramRouteConfig } from '../../config/telegram.js';
import { destinationKey } from '../../delivery/destination.js';
import type { RouteGroup } from '../../delivery/queued-notifier.js';
import type { NotificationRecord } from '../../history/record.js';

/** The label that sends an alert to a chat of its own: `-1001234567890`, or `-1001234567890:42` for a topic. */
export const TELEGRAM_CHAT_LABEL = 'telegram_chat';

interface CompiledRoute {
  readonly test: (labels: Readonly<Record<string, string>>) => boolean;
  readonly destination: TelegramDestination;
  readonly continue: boolean;
}

/**
 * Where each alert goes, first match wins:
 *  1. its `telegram_chat` label, when it holds a chat id (the inventory sets it per host);
 *  2. the configured routes, in order, as Alertmanager's routes do: the first whose matchers all match,
 *     and the next ones as well while a matching route says `continue`;
 *  3. the default chat; with none, the alert is only stored.
 */
export interface TelegramRouting {
  /** Where an alert with these labels goes; empty: nowhere. */
  destinationsOf(labels: Readonly<Record<string, string>>): TelegramDestination[];
  /** A group split by destination, for the delivery queue. */
  readonly routeGroup: RouteGroup;
}

export function createRouting(routes: readonly TelegramRouteConfig[], defaultChat: TelegramDestination | undefined): TelegramRouting {
  const compiled = routes.map(compileRoute);
  const destinationsOf = (labels: Readonly<Record<string, string>>): TelegramDestination[] => {
    const labelled = labels[TELEGRAM_CHAT_LABEL];
    const fromLabel = labelled === undefined ? undefined : parseDestination(labelled);
    if (fromLabel) return [fromLabel];
    const matched: TelegramDestination[] = [];
    for (const route of compiled) {
      if (!route.test(labels)) continue;
      matched.push(route.destination);
      if (!route.continue) break;
    }
    if (matched.length > 0) return matched;
    return defaultChat ? [defaultChat] : [];
  };
  const routeGroup: RouteGroup = (group) => {
    const byDestination = new Map<string, { destination: TelegramDestination; records: NotificationRecord[] }>();
    for (const record of group.records) {
      for (const destination of destinationsOf(record.labels)) {
        const key = destinationKey(destination);
        const entry = byDestination.get(key) ?? { destination, records: [] };
        entry.records.push(record);
        byDestination.set(key, entry);
      }
    }
    return [...byDestination.values()].map(({ destination, records }) => ({ destination, group: { ...group, records } }));
  };
  return { destinationsOf, routeGroup };
}

function compileRoute(route: TelegramRouteConfig, index: number): CompiledRoute {
  const matchers = route.matchers.map((text, position) => {
    const parsed = parseMatcher(text.trim());
    const key = `telegram_routes[${index}].matchers[${position}]`;
    if ('notAMatcher' in parsed) throw new ConfigError(key, `${JSON.stringify(text)} is not a matcher (expected e.g. team="db" or severity=~"critical|page")`);
    if ('reason' in parsed) throw new ConfigError(key, parsed.reason);
    return matcherTest(parsed.matcher);
  });
  return { test: (labels) => matchers.every((test) => test(labels)), destination: route.destination, continue: route.continue };
}

/** Alertmanager's semantics: a missing label is the empty string; regexes are anchored at both ends. */
function matcherTest(matcher: Matcher): (labels: Readonly<Record<string, string>>) => boolean {
  const regex = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`) : undefined;
  return (labels) => {
    const value = labels[matcher.name] ?? '';
    const equal = regex ? regex.test(value) : value === matcher.value;
    return equal === matcher.isEqual;
  };
}
