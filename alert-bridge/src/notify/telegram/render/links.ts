/**
 * The links an alert message offers. Only http(s) URLs become links: a `javascript:` or `file:`
 * runbook_url is shown as text, and Telegram itself refuses other schemes in a text link.
 */

/** Longer URLs stay text: their tag would crowd the message, and a cut message repeats it. */
export const MAX_LINK_LENGTH = 2048;

/** The URL, normalised, when it is an absolute http(s) URL short enough to link; otherwise undefined. */
export function linkableUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // A chat is no place for credentials (ALERTMANAGER_URL may carry basic auth): links never show them.
  url.username = '';
  url.password = '';
  return url.href.length <= MAX_LINK_LENGTH ? url.href : undefined;
}

/** A label value in Alertmanager's matcher syntax: double-quoted, `\` and `"` escaped, line breaks as \n (pkg/labels/parse.go). */
export function quoteMatcherValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `{alertname="HostDown",instance="host-1:9100"}`: every label of the alert, by name. */
export function matcherFilter(labels: Readonly<Record<string, string>>): string {
  const matchers = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${quoteMatcherValue(labels[name] ?? '')}`);
  return `{${matchers.join(',')}}`;
}

/** The base URL that silences are made at: the configured one wins over the one Alertmanager reported. */
export function alertmanagerBase(externalURL: string, configured: string | undefined): string | undefined {
  const base = linkableUrl(configured?.trim() ? configured : externalURL);
  return base?.replace(/\/+$/, '');
}

/** Alertmanager's "new silence" form, filled in with the alert's labels (ui/app: `#/silences/new?filter=`). */
export function silenceUrl(base: string, labels: Readonly<Record<string, string>>): string {
  return `${base}/#/silences/new?filter=${encodeURIComponent(matcherFilter(labels))}`;
}
