// Creates a new mlflow.db with exactly the schema mlflow 3.18.0 makes, stamped at its alembic
// head, so the real mlflow opens it without migrating and RunLens can write to it.
import type { SqliteDatabase } from '../driver.ts';
import { MlflowError } from '../../../shared/errors.ts';
import { assertForeignKeyOrder, schemaStatements } from './ddl.ts';
import type { TableSpec } from './ddl.ts';
import { PLATFORM_TABLES } from './platformTables.ts';
import { TRACKING_TABLES } from './trackingTables.ts';
import { LOGGED_MODEL_TABLES } from './loggedModelTables.ts';
import { REGISTRY_TABLES } from './registryTables.ts';
import { TRACE_TABLES } from './traceTables.ts';
import { GENAI_TABLES } from './genaiTables.ts';
import { GATEWAY_TABLES } from './gatewayTables.ts';
import { CATALOG_TABLES } from './catalogTables.ts';
import { insertDefaultExperiment, insertDefaultWorkspace } from './seedRows.ts';

/** The alembic revision mlflow 3.18.0 stamps on a database it creates. */
export const PINNED_ALEMBIC_HEAD = 'f4a9b2c7d1e6';

/** Every table of the schema, in an order where each table follows the tables it references. */
export const MLFLOW_TABLES: readonly TableSpec[] = [
  ...PLATFORM_TABLES,
  ...TRACKING_TABLES,
  ...LOGGED_MODEL_TABLES,
  ...REGISTRY_TABLES,
  ...TRACE_TABLES,
  ...GENAI_TABLES,
  ...GATEWAY_TABLES,
  ...CATALOG_TABLES,
];

/** True when the database holds no tables of its own (SQLite's internal ones do not count). */
export function isEmptyDatabase(db: SqliteDatabase): boolean {
  const row = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`).get() as { n: number };
  return row.n === 0;
}

/**
 * Creates all tables, indexes and triggers, the alembic stamp and the seed rows in one
 * transaction. `defaultArtifactRoot` must already be resolved (an absolute path or a URI),
 * as mlflow resolves it before deriving experiment 0's artifact location.
 */
export function createSchema(db: SqliteDatabase, defaultArtifactRoot: string): void {
  if (!isEmptyDatabase(db)) {
    throw new MlflowError('INVALID_STATE', 'Cannot create the MLflow schema: the database already has tables');
  }
  assertForeignKeyOrder(MLFLOW_TABLES);
  db.transaction(() => {
    for (const statement of schemaStatements(MLFLOW_TABLES)) db.exec(statement);
    db.prepare('INSERT INTO alembic_version (version_num) VALUES (?)').run(PINNED_ALEMBIC_HEAD);
    insertDefaultWorkspace(db);
    insertDefaultExperiment(db, defaultArtifactRoot);
  })();
}
