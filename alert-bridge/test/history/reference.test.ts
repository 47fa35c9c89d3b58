import t from 'tap';
import { historyStoreContract } from './contract.js';
import { ReferenceHistoryStore } from './reference-store.js';

// The contract against its reference store: proves the contract's expectations are consistent.
historyStoreContract(t, async () => ({ store: new ReferenceHistoryStore(), cleanup: async () => {} }));
