// The store contract against the mlflow-sqlite backend.
import { mlflowSqliteBackend } from './backends.ts';
import { defineStoreContract } from './storeContract.ts';

defineStoreContract({ name: 'mlflow-sqlite', readOnly: false, open: mlflowSqliteBackend });
