// The store contract against the sqlite backend.
import { sqliteBackend } from './backends.ts';
import { defineStoreContract } from './storeContract.ts';

defineStoreContract({ name: 'sqlite', readOnly: false, open: sqliteBackend });
