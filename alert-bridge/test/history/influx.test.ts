import t from 'tap';
import { InfluxHistoryStore } from '../../src/history/influx/store.js';
import { startInfluxDB } from '../../../test/helpers/influxdb.js';
import { historyStoreContract } from './contract.js';

// The HistoryStore contract against a real influxd (Debian's 1.6): one server, a database per subtest.

const influx = await startInfluxDB();
t.teardown(influx.cleanup);

let databases = 0;
historyStoreContract(t, async () => {
  const database = `contract_${++databases}`;
  const store = new InfluxHistoryStore({ url: influx.urlFor(database) });
  await store.init();
  return {
    store,
    cleanup: async () => {
      await store.close();
      await influx.query(`DROP DATABASE "${database}"`);
    },
  };
});
