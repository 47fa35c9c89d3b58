import { readFile } from 'node:fs/promises';

/** shared/ beside the repository: shared/fixtures/alertmanager-0.25/ holds bodies captured from a real Alertmanager 0.25. */
const repositoryRoot = new URL('../../../', import.meta.url);
export const ALERTMANAGER_FIXTURES = new URL('../shared/fixtures/alertmanager-0.25/', repositoryRoot);

export type WebhookFixture = 'firing-single.json' | 'resolved-single.json';

/** The body exactly as Alertmanager sent it. */
export function readWebhookFixture(name: WebhookFixture): Promise<string> {
  return readFile(new URL(name, ALERTMANAGER_FIXTURES), 'utf8');
}

export async function parseWebhookFixture(name: WebhookFixture): Promise<Record<string, unknown>> {
  return JSON.parse(await readWebhookFixture(name)) as Record<string, unknown>;
}

/** The request headers Alertmanager sent with the fixtures (request-headers.txt), minus the hop-by-hop ones fetch sets itself. */
export async function readFixtureHeaders(): Promise<Record<string, string>> {
  const text = await readFile(new URL('request-headers.txt', ALERTMANAGER_FIXTURES), 'utf8');
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    if (/^(host|content-length)$/i.test(name)) continue;
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The bearer token of request-headers.txt (a test value). */
export const FIXTURE_TOKEN = 's3cret';
