// The only module that imports better-sqlite3: opens MLflow's database the way every writer must.
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement;

/** SQLite's journal modes RunLens chooses between for a database it creates. */
export type NewDatabaseJournal = 'wal' | 'delete';

export interface OpenOptions {
  readonly?: boolean;
  /** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /**
   * The journal mode of a database this call creates (an empty file). An existing database keeps
   * the mode its creator chose: the real mlflow leaves its files in `delete` mode, and switching
   * one to WAL is a lasting change that also leaves -wal/-shm files beside it. Default: WAL.
   */
  newDatabaseJournal?: NewDatabaseJournal;
}

export function openDatabase(file: string, options: OpenOptions = {}): SqliteDatabase {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly) {
    const isNew = (db.pragma('page_count', { simple: true }) as number) === 0;
    // WAL lets readers (the extension, `mlflow ui`) run beside the single writer; only a database
    // RunLens creates gets it unasked. Reading the mode does not change it.
    const mode = isNew ? (db.pragma(`journal_mode = ${options.newDatabaseJournal ?? 'wal'}`, { simple: true }) as string) : (db.pragma('journal_mode', { simple: true }) as string);
    // NORMAL is durable in WAL mode; rollback journals keep SQLite's FULL default.
    if (mode.toLowerCase() === 'wal') db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/** The database's journal mode as SQLite reports it (`wal`, `delete`, …). */
export function journalMode(db: SqliteDatabase): string {
  return String(db.pragma('journal_mode', { simple: true })).toLowerCase();
}

/** Column names of a table, for detecting schema features without reading alembic revisions. */
export function tableColumns(db: SqliteDatabase, table: string): Set<string> {
  const rows = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

export function tableExists(db: SqliteDatabase, table: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined;
}
