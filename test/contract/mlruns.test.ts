// The store contract against the mlruns backend.
import { mlrunsBackend } from './backends.ts';
import { defineStoreContract } from './storeContract.ts';

defineStoreContract({ name: 'mlruns', readOnly: true, open: mlrunsBackend });
