// The only module that imports better-sqlite3: opens MLflow's database the way every writer must.
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement;

export interface OpenOptions {
  readonly?: boolean;
  /** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly) {
    // WAL lets readers (the extension, `mlflow ui`) run beside the single writer.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/** Column names of a table, for detecting schema features without reading alembic revisions. */
export function tableColumns(db: SqliteDatabase, table: string): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

export function tableExists(db: SqliteDatabase, table: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
}
