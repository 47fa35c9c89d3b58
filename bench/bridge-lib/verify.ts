import type { StartedInfluxDB } from '../../test/helpers/influxdb.js';

export interface Verification {
  readonly pointsCounted: number;
  readonly acknowledgedIds: number;
  readonly missingIds: number;
}

const PAGE = 10_000;

/** Counts the points in database and checks that every acknowledged id is among them. */
export async function verifyStored(influx: StartedInfluxDB, database: string, acknowledgedIds: readonly string[]): Promise<Verification> {
  const [count] = await influx.query('SELECT COUNT("id") FROM "notifications"', database);
  const pointsCounted = Number(count?.[0]?.values[0]?.[1] ?? 0);
  const stored = new Set<string>();
  for (let offset = 0; ; offset += PAGE) {
    const [series] = await influx.query(`SELECT "id" FROM "notifications" LIMIT ${PAGE} OFFSET ${offset}`, database);
    const rows = series?.[0]?.values ?? [];
    for (const row of rows) stored.add(String(row[1]));
    if (rows.length < PAGE) break;
  }
  const missingIds = acknowledgedIds.filter((id) => !stored.has(id)).length;
  return { pointsCounted, acknowledgedIds: acknowledgedIds.length, missingIds };
}
