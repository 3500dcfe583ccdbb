// What an existing mlflow.db supports, read from its columns: revisions are opaque to us.
import { tableColumns, tableExists, type SqliteDatabase } from './driver.ts';

export interface SchemaFeatures {
  /** MLflow ≥3.9 workspaces: registry and experiment rows carry `workspace` (always 'default' for us). */
  workspace: boolean;
  /** MLflow 3 logged models tables. */
  loggedModels: boolean;
  /** `model_versions.storage_location` (MLflow 3). */
  modelVersionStorageLocation: boolean;
  /** `runs.deleted_time`. */
  runDeletedTime: boolean;
  /** `inputs.step` (MLflow 3 model inputs/outputs). */
  inputStep: boolean;
}

export const DEFAULT_WORKSPACE = 'default';

export function detectFeatures(db: SqliteDatabase): SchemaFeatures {
  const has = (table: string, column: string) => tableExists(db, table) && tableColumns(db, table).has(column);
  return {
    workspace: has('experiments', 'workspace'),
    loggedModels: tableExists(db, 'logged_models'),
    modelVersionStorageLocation: has('model_versions', 'storage_location'),
    runDeletedTime: has('runs', 'deleted_time'),
    inputStep: has('inputs', 'step'),
  };
}
