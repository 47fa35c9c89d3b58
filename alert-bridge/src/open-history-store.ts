import type { Logger } from 'pino';
import type { BridgeConfig } from './config/load.js';
import { redactedInfluxUrl } from './config/influxdb.js';
import { EmbeddedHistoryStore } from './history/embedded/index.js';
import type { HistoryStore } from './history/store.js';

/**
 * InfluxDB when INFLUXDB_URL is set, the embedded SQLite store otherwise; initialised. The InfluxDB
 * adapter is imported only when configured, so the embedded path loads none of it.
 */
export async function openHistoryStore(config: BridgeConfig, logger: Logger): Promise<HistoryStore> {
  let store: HistoryStore;
  if (config.influxdb) {
    const { url, retention, username, password } = config.influxdb;
    const { InfluxHistoryStore } = await import('./history/influx/store.js');
    store = new InfluxHistoryStore({
      url,
      retentionDuration: retention,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
    });
    logger.info({ store: 'influxdb', url: redactedInfluxUrl(config.influxdb), retention: config.influxdb.retention }, 'history store');
  } else {
    const embedded = new EmbeddedHistoryStore({ dataDir: config.dataDir });
    logger.info({ store: 'embedded', file: embedded.file }, 'history store');
    store = embedded;
  }
  await store.init();
  return store;
}
