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

const ownWrites = new WeakMap<SqliteDatabase, number>();

/** Runs fn in one write transaction, so a rejected multi-row write leaves nothing behind. */
export function writeTransaction<T>(ctx: SqliteContext, fn: () => T): T {
  assertWritable(ctx);
  try {
    return ctx.db.transaction(fn).immediate();
  } finally {
    ownWrites.set(ctx.db, (ownWrites.get(ctx.db) ?? 0) + 1);
  }
}

/**
 * Changes whenever anything may have been committed: by this connection (counted here) or by
 * another process (SQLite's data_version). Caches keyed on it never serve stale rows.
 */
export function dataGeneration(ctx: SqliteContext): string {
  return `${ctx.db.pragma('data_version', { simple: true }) as number}:${ownWrites.get(ctx.db) ?? 0}`;
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
