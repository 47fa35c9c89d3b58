// The InfluxDB 1.x history store: what main.ts wires and the HTTP layer needs to classify failures.
export { InfluxStoreError, type InfluxFailureReason } from './errors.js';
export { InfluxHistoryStore, type InfluxHistoryStoreOptions } from './store.js';
export { InfluxUrlError, parseInfluxUrl, type InfluxLocation } from './url.js';
