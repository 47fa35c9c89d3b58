import type { RawHttpClient } from './hostile-http.js';
import type { QueryPools } from './hostile-query-cases.js';
import { NOTIFICATIONS_PATH } from './hostile-query-oracle.js';
import { SPECIAL_STRINGS } from './hostile-strings.js';

const ALERTNAMES = ['HostDown', 'HostDiskUsage', "x' OR '1'='1", 'ünïcødé 💥', '%', '_', '*', 'a\u0000b', ''];
const INSTANCES = ['web1:9100', 'db-2.example:9100', '[::1]:9100', ' ', '\\', 'e\u0301'];
const SEVERITIES = ['critical', 'warning', 'info', '', 'CRITICAL'];

/**
 * Stores webhooks whose labels the query fuzzer then filters on (quotes, wildcards, NUL, unicode),
 * times from 2020 to 2026, and collects cursors the bridge issues. Returns the pools.
 */
export async function seedHistory(client: RawHttpClient, token: string, webhooks = 30): Promise<QueryPools> {
  const auth = { Authorization: `Bearer ${token}` };
  for (let i = 0; i < webhooks; i++) {
    const alerts = Array.from({ length: 4 }, (_, j) => {
      const n = i * 4 + j;
      const startsAt = new Date(Date.UTC(2020, 0, 1) + n * 11 * 86_400_000 + n * 1234).toISOString();
      return {
        status: n % 3 === 0 ? 'resolved' : 'firing',
        labels: {
          alertname: ALERTNAMES[n % ALERTNAMES.length] as string,
          instance: INSTANCES[n % INSTANCES.length] as string,
          severity: SEVERITIES[n % SEVERITIES.length] as string,
          extra: SPECIAL_STRINGS[n % SPECIAL_STRINGS.length] as string,
        },
        annotations: { summary: `seed ${n}` },
        startsAt,
        endsAt: n % 3 === 0 ? new Date(Date.parse(startsAt) + 600_000).toISOString() : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: `seed${n}`,
      };
    });
    const body = { version: '4', groupKey: `seed-${i}`, status: 'firing', receiver: 'bridge', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am:9093', alerts };
    const response = await client.send('POST', '/webhook', { ...auth, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(body)));
    if (response.status !== 200) throw new Error(`seeding the history got ${response.status}: ${response.body.toString('utf8')}`);
  }
  const cursors: string[] = [];
  for (const filter of ['limit=2', 'limit=3&status=firing', `limit=1&alertname=${encodeURIComponent('HostDown')}`, 'limit=5&since=2021-01-01T00:00:00Z']) {
    let query = filter;
    for (let page = 0; page < 4; page++) {
      const response = await client.send('GET', `${NOTIFICATIONS_PATH}?${query}`, auth);
      const next = (JSON.parse(response.body.toString('utf8')) as { next_cursor?: string | null }).next_cursor;
      if (typeof next !== 'string') break;
      cursors.push(next);
      query = `${filter}&cursor=${next}`;
    }
  }
  return { alertnames: ALERTNAMES, instances: INSTANCES, severities: SEVERITIES, cursors };
}
