import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { loadHistoryPage, newHistoryView, readHistoryView, saveHistoryView } from '../../src/bot/history-views.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { EmbeddedHistoryStore } from '../../src/history/embedded/index.js';
import { makeRecord, plusMs } from '../history/records.js';

const START = '2026-11-23T10:00:00.000Z';
const records = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => makeRecord({ alertname: `Alert${from + i}`, startsAt: plusMs(START, (from + i) * 60_000) }));
/** The page's alert names; [] when there is no such page. */
const names = (result: Awaited<ReturnType<typeof loadHistoryPage>>): string[] => (result.found ? result.view.records.map((r) => r.alertname) : []);

async function open(t: Test): Promise<{ store: EmbeddedHistoryStore; outbox: Outbox }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hostwatch-history-views-'));
  const store = new EmbeddedHistoryStore({ dataDir });
  await store.init();
  const outbox = new Outbox(dataDir);
  await outbox.open();
  t.teardown(async () => {
    outbox.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return { store, outbox };
}

t.test('pages walk the cursors from the first, and stay put while new notifications arrive', async (t) => {
  const { store } = await open(t);
  await store.append(records(0, 25));
  const view = newHistoryView(undefined);
  const third = await loadHistoryPage(store, view, 3);
  t.same(names(third), ['Alert4', 'Alert3', 'Alert2', 'Alert1', 'Alert0']);
  t.equal(view.cursors.length, 3, 'the cursors of pages 2 and 3 were recorded on the way');
  await store.append(records(25, 32));
  const second = await loadHistoryPage(store, view, 2);
  t.match(second, { found: true, view: { page: 2, hasOlder: true } });
  t.same(names(second).slice(0, 2), ['Alert14', 'Alert13'], 'page 2 is what it was before the new ones came');
  t.same(names(await loadHistoryPage(store, newHistoryView(undefined), 1)).slice(0, 1), ['Alert31'], 'a new view starts at the newest');
});

t.test('past the end, an empty history, and a full last page', async (t) => {
  const { store } = await open(t);
  t.same(await loadHistoryPage(store, newHistoryView(undefined), 1), { found: false, lastPage: 0 });
  await store.append(records(0, 20));
  t.same(await loadHistoryPage(store, newHistoryView(undefined), 5), { found: false, lastPage: 2 });
  t.match(await loadHistoryPage(store, newHistoryView(undefined), 2), { found: true, view: { hasOlder: false } }, 'no Older after a full last page');
  t.same(names(await loadHistoryPage(store, newHistoryView({ label: 'alertname', value: 'Alert7' }), 1)), ['Alert7']);
});

t.test('a view is stored per chat, and a newer one replaces it', async (t) => {
  const { outbox } = await open(t);
  const first = { ...newHistoryView(undefined), messageId: 5 };
  const second = { ...newHistoryView({ label: 'instance', value: 'web1:9100' }), messageId: 9 };
  t.not(first.token, second.token);
  t.match(first.token, /^[\w-]{12}$/);
  saveHistoryView(outbox, '42', first);
  saveHistoryView(outbox, '-100', second);
  t.same(readHistoryView(outbox, '42'), first);
  saveHistoryView(outbox, '42', second);
  t.same(readHistoryView(outbox, '42'), second);
  t.equal(readHistoryView(outbox, '7'), undefined);
  outbox.writeBotState('history:8', 'not json');
  t.equal(readHistoryView(outbox, '8'), undefined, 'unreadable state is no view');
});
