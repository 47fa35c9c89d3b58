export { EMBEDDED_HISTORY_FILE, EmbeddedHistoryStore, type EmbeddedHistoryStoreOptions } from './embedded-store.js';
