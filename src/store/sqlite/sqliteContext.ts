// What every SQLite store part shares: the one connection, the schema features, read-only state.
import { MlflowError } from '../../shared/errors.ts';
import type { SqliteDatabase } from './driver.ts';
import type { SchemaFeatures } from './schemaFeatures.ts';

export interface SqliteContext {
  db: SqliteDatabase;
  features: SchemaFeatures;
  /** Why the store is read-only (a newer schema, a read-only file), or undefined when writable. */
  readOnlyReason?: string;
}

export function assertWritable(ctx: SqliteContext): void {
  if (ctx.readOnlyReason) throw new MlflowError('PERMISSION_DENIED', ctx.readOnlyReason);
}

/** Runs fn in one write transaction, so a rejected multi-row write leaves nothing behind. */
export function writeTransaction<T>(ctx: SqliteContext, fn: () => T): T {
  assertWritable(ctx);
  return ctx.db.transaction(fn).immediate();
}
