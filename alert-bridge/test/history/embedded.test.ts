import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { makeTempDir } from '../../../test/helpers/processes.js';
import { EmbeddedHistoryStore } from '../../src/history/embedded/index.js';
import type { NotificationRecord } from '../../src/history/record.js';
import { historyStoreContract } from './contract.js';
import { makeRecord, manyRecords } from './records.js';

async function openStore(t: Test): Promise<{ store: EmbeddedHistoryStore; dir: string }> {
  const temp = await makeTempDir('embedded-store');
  const store = new EmbeddedHistoryStore({ dataDir: path.join(temp.path, 'data') });
  await store.init();
  t.teardown(async () => {
    await store.close();
    await temp.remove();
  });
  return { store, dir: path.join(temp.path, 'data') };
}

t.test('the HistoryStore contract', async (t) => {
  historyStoreContract(t, async () => {
    const temp = await makeTempDir('embedded-contract');
    const store = new EmbeddedHistoryStore({ dataDir: temp.path });
    await store.init();
    return {
      store,
      cleanup: async () => {
        await store.close();
        await temp.remove();
      },
    };
  });
});

t.test('append says which records were new', async (t) => {
  const { store } = await openStore(t);
  const [a, b, c] = manyRecords(3) as [NotificationRecord, NotificationRecord, NotificationRecord];
  t.same(await store.append([a, b]), { inserted: 2, duplicates: 0, insertedIds: [a.id, b.id] });
  t.same(await store.append([b, c, c]), { inserted: 1, duplicates: 2, insertedIds: [c.id] });
});

t.test('one append is one transaction: a record SQLite refuses leaves nothing of its batch', async (t) => {
  const { store } = await openStore(t);
  const [a, b] = manyRecords(2) as [NotificationRecord, NotificationRecord];
  const refused = { ...makeRecord({ labels: { n: 'bad' } }), status: 'pending' } as unknown as NotificationRecord;
  await t.rejects(store.append([a, refused, b]), /CHECK constraint failed/);
  t.same((await store.query({}, 10)).records, [], 'nothing stored');
  t.same(await store.append([a, b]), { inserted: 2, duplicates: 0, insertedIds: [a.id, b.id] }, 'and nothing half-stored');
});

t.test('records survive closing and reopening; the file is durable by configuration', async (t) => {
  const { store, dir } = await openStore(t);
  const records = manyRecords(5);
  await store.append(records);
  await store.close();
  const reopened = new EmbeddedHistoryStore({ dataDir: dir });
  await reopened.init();
  t.teardown(() => reopened.close());
  t.equal((await reopened.query({}, 10)).records.length, 5);
  t.same(await reopened.append(records), { inserted: 0, duplicates: 5, insertedIds: [] });
  const db = new Database(reopened.file, { readonly: true });
  t.teardown(() => db.close());
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(db.pragma('user_version', { simple: true }), 1);
});

t.test('the data directory is created private', async (t) => {
  const { store, dir } = await openStore(t);
  t.equal((await stat(dir)).mode & 0o777, 0o700);
  t.equal(store.file, path.join(dir, 'history.sqlite'));
});

t.test('a file from a newer bridge is refused, not rewritten', async (t) => {
  const temp = await makeTempDir('embedded-newer');
  t.teardown(temp.remove);
  const db = new Database(path.join(temp.path, 'history.sqlite'));
  db.pragma('user_version = 99');
  db.close();
  const store = new EmbeddedHistoryStore({ dataDir: temp.path });
  await t.rejects(store.init(), /schema version 99, newer than this bridge knows \(1\); upgrade the bridge/);
});

t.test('a data directory that cannot be used fails init', async (t) => {
  const temp = await makeTempDir('embedded-blocked');
  t.teardown(temp.remove);
  const blocker = path.join(temp.path, 'file');
  await writeFile(blocker, '');
  await t.rejects(new EmbeddedHistoryStore({ dataDir: path.join(blocker, 'data') }).init(), { code: 'ENOTDIR' });
});

t.test('before init and after close, every call fails (readiness sees it)', async (t) => {
  const { store } = await openStore(t);
  await store.close();
  await t.rejects(store.ping(), /not open; call init\(\) first/);
  await t.rejects(store.append([makeRecord()]), /not open/);
  await t.rejects(store.query({}, 1), /not open/);
});

t.test('cursors name no rowid and expose nothing but a position', async (t) => {
  const { store } = await openStore(t);
  await store.append(manyRecords(3));
  const page = await store.query({}, 1);
  const decoded = JSON.parse(Buffer.from(page.nextCursor as string, 'base64url').toString()) as Record<string, unknown>;
  t.same(Object.keys(decoded).sort(), ['id', 't']);
  t.match(decoded.t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
});
