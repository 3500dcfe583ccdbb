// The store contract against the mlflow-postgres backend.
import { mlflowPostgresBackend } from './backends.ts';
import { defineStoreContract } from './storeContract.ts';

defineStoreContract({ name: 'mlflow-postgres', readOnly: false, open: mlflowPostgresBackend });
