// The store contract against the runlens-server backend.
import { runlensServerBackend } from './backends.ts';
import { defineStoreContract } from './storeContract.ts';

defineStoreContract({ name: 'runlens-server', readOnly: false, open: runlensServerBackend });
