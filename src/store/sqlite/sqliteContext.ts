// What every SQLite store part shares: the one connection, the schema features, read-only state.
import { MlflowError } from '../../shared/errors.ts';
import type { SqliteDatabase, SqliteStatement } from './driver.ts';
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

const statementCache = new WeakMap<SqliteDatabase, Map<string, SqliteStatement>>();

/** A prepared statement for this connection, prepared once and reused. */
export function statement(ctx: SqliteContext, sql: string): SqliteStatement {
  let cache = statementCache.get(ctx.db);
  if (!cache) statementCache.set(ctx.db, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = ctx.db.prepare(sql)));
  return prepared;
}
