import type { InfluxClient, InfluxSeries } from '../../../src/history/influx/client.js';
import { firstSlot } from '../../../src/history/influx/timestamp.js';

/** Stands in for InfluxClient.query: answers from a function, records every request. */
export function fakeClient(answer: (statement: string, params: Record<string, string>) => InfluxSeries[] = () => []) {
  const requests: { statements: readonly string[]; params: Record<string, string> }[] = [];
  const client = {
    query: async (statements: readonly string[], params: Record<string, string> = {}) => {
      requests.push({ statements, params });
      return statements.map((statement) => answer(statement, params));
    },
  } as unknown as InfluxClient;
  return { client, requests };
}

/** Two ids whose first slots collide: found by trying (about 1,200 tries on average, by the birthday bound). */
export function collidingIds(prefix = 'alert-'): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `${prefix}${i}`;
    const slot = firstSlot(id);
    const other = seen.get(slot);
    if (other !== undefined) return [other, id];
    seen.set(slot, id);
  }
}
