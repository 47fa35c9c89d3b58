import t from 'tap';
import { json, startTestBridge } from '../helpers/bridge.js';

t.test('/healthz and /readyz answer without a token', async (t) => {
  const bridge = await startTestBridge(t);
  const health = await bridge.request('/healthz', { token: null });
  t.equal(health.status, 200);
  t.same(await json(health), { status: 'ok' });
  const ready = await bridge.request('/readyz', { token: null });
  t.equal(ready.status, 200);
  t.same(await json(ready), { status: 'ready' });
});

t.test('/readyz is 503 while the store does not answer; /healthz stays 200', async (t) => {
  let reachable = false;
  const bridge = await startTestBridge(t, {
    store: (embedded) => ({
      init: () => embedded.init(),
      close: () => embedded.close(),
      append: (records) => embedded.append(records),
      query: (...args) => embedded.query(...args),
      ping: async () => {
        if (!reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:8086');
      },
    }),
  });
  const ready = await bridge.request('/readyz');
  t.equal(ready.status, 503);
  t.same(await json(ready), { error: { status: 503, message: 'the history store is unreachable' } });
  t.equal((await bridge.request('/healthz')).status, 200);
  reachable = true;
  t.equal((await bridge.request('/readyz')).status, 200);
});
