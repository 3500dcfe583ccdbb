// Opens (or creates) an mlflow.db: never migrates, never stamps; a newer schema is read-only.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MlflowError } from '../../shared/errors.ts';
import { openDatabase, tableExists, type NewDatabaseJournal, type SqliteDatabase } from './driver.ts';
import { KNOWN_REVISIONS, PINNED_MLFLOW_VERSION } from './knownRevisions.ts';
import { createSchema, isEmptyDatabase } from './schema/createSchema.ts';
import { detectFeatures } from './schemaFeatures.ts';
import type { SqliteContext } from './sqliteContext.ts';
import { SqliteRegistryStore } from './sqliteRegistryStore.ts';
import { SqliteTrackingStore } from './sqliteTrackingStore.ts';

export interface OpenSqliteStoreOptions {
  /** Where new experiments put artifacts; MLflow's client default is ./mlruns beside the process. */
  defaultArtifactRoot?: string;
  readonly?: boolean;
  /** Journal mode of a database created here (default WAL); an existing one keeps its own. */
  newDatabaseJournal?: NewDatabaseJournal;
  /** After opening (which may wait the driver's default for a lock), how long a statement waits for one. */
  busyTimeoutMs?: number;
}

export interface SqliteStores {
  tracking: SqliteTrackingStore;
  registry: SqliteRegistryStore;
  /** Why writes are refused, when they are. */
  readOnlyReason?: string;
  close(): void;
}

/** `sqlite:///relative.db`, `sqlite:////abs/path.db` or a plain path → a file path. */
export function sqlitePathFromUri(uri: string): string {
  const prefix = 'sqlite:///';
  if (!uri.startsWith('sqlite:')) return uri;
  if (!uri.startsWith(prefix)) throw MlflowError.invalidParameter(`Invalid value '${uri}' for parameter 'tracking_uri': expected sqlite:///<path>`);
  return decodeURIComponent(uri.slice(prefix.length).split('?')[0]);
}

function revisionOf(db: SqliteDatabase): string | undefined {
  if (!tableExists(db, 'alembic_version')) return undefined;
  return (db.prepare('SELECT version_num FROM alembic_version').get() as { version_num: string } | undefined)?.version_num;
}

export function openSqliteStore(file: string, options: OpenSqliteStoreOptions = {}): SqliteStores {
  const existed = existsSync(file);
  if (!existed && options.readonly) throw MlflowError.notFound(`No MLflow database at ${file}`);
  const db = openDatabase(file, { readonly: options.readonly, newDatabaseJournal: options.newDatabaseJournal });
  const defaultArtifactRoot = options.defaultArtifactRoot ?? path.join(path.dirname(path.resolve(file)), 'mlruns');
  try {
    if (isEmptyDatabase(db)) {
      if (options.readonly) throw new MlflowError('INVALID_STATE', `${file} is empty and was opened read-only`);
      createSchema(db, defaultArtifactRoot);
    } else if (!tableExists(db, 'experiments') || !tableExists(db, 'runs')) {
      throw new MlflowError('INVALID_STATE', `${file} is not an MLflow tracking database (no experiments or runs table)`);
    }
    const revision = revisionOf(db);
    let readOnlyReason: string | undefined;
    if (revision && !KNOWN_REVISIONS.has(revision)) {
      readOnlyReason = `${path.basename(file)} was written by a newer MLflow (schema revision ${revision}); RunLens understands MLflow ${PINNED_MLFLOW_VERSION} and opens it read-only.`;
    } else if (options.readonly) {
      readOnlyReason = `${path.basename(file)} is open read-only.`;
    }
    if (options.busyTimeoutMs !== undefined) db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    const ctx: SqliteContext = { db, features: detectFeatures(db), readOnlyReason };
    const tracking = new SqliteTrackingStore(ctx, defaultArtifactRoot);
    const registry = new SqliteRegistryStore(ctx);
    return { tracking, registry, readOnlyReason, close: () => db.open && db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}
