// Our declarative description of an SQLite table, and the emitter that turns it into DDL.
// The table files describe MLflow's schema as facts (names, types, constraints); the SQL text
// itself is produced here, so no DDL is stored anywhere in the repository.

export interface ColumnOptions {
  notNull?: boolean;
  /** The DEFAULT clause exactly as SQLite reports it in `PRAGMA table_info.dflt_value`, e.g. `'0'` or `0`. */
  default?: string;
  /** Expression of a `GENERATED ALWAYS AS (...) STORED` column. */
  generatedStored?: string;
}

export interface ColumnSpec extends ColumnOptions {
  name: string;
  /** Declared type, verbatim: SQLite reports it back unchanged and SQLAlchemy reflects it. */
  type: string;
}

export interface PrimaryKeySpec {
  name: string;
  columns: readonly string[];
}

export interface UniqueSpec {
  name: string;
  columns: readonly string[];
}

export interface CheckSpec {
  /** Omitted for the anonymous checks SQLAlchemy emits for Boolean and Enum columns. */
  name?: string;
  expression: string;
}

export type ReferentialAction = 'CASCADE' | 'SET NULL';

export interface ForeignKeySpec {
  name?: string;
  columns: readonly string[];
  references: string;
  referencedColumns: readonly string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

export interface IndexColumn {
  name: string;
  descending: boolean;
}

export interface IndexSpec {
  name: string;
  columns: readonly (string | IndexColumn)[];
  unique?: boolean;
}

export interface TriggerSpec {
  name: string;
  timing: 'BEFORE' | 'AFTER';
  event: 'INSERT' | 'UPDATE' | 'DELETE';
  when?: string;
  /** One SQL statement, without the trailing semicolon. */
  statement: string;
}

export interface TableSpec {
  name: string;
  columns: readonly ColumnSpec[];
  primaryKey: PrimaryKeySpec;
  uniques?: readonly UniqueSpec[];
  checks?: readonly CheckSpec[];
  foreignKeys?: readonly ForeignKeySpec[];
  indexes?: readonly IndexSpec[];
  triggers?: readonly TriggerSpec[];
}

export const REQUIRED: ColumnOptions = { notNull: true };

function column(type: string) {
  return (name: string, options: ColumnOptions = {}): ColumnSpec => ({ name, type, ...options });
}

export function varchar(name: string, length: number, options: ColumnOptions = {}): ColumnSpec {
  return { name, type: `VARCHAR(${length})`, ...options };
}
export const integer = column('INTEGER');
export const bigint = column('BIGINT');
export const float = column('FLOAT');
export const boolean = column('BOOLEAN');
export const text = column('TEXT');
export const json = column('JSON');
export const blob = column('BLOB');
export const date = column('DATE');

export function descending(name: string): IndexColumn {
  return { name, descending: true };
}

// MLflow's generator quotes only the identifiers that are reserved words for SQLite; among the
// schema's names that is just `key`. Quoting the same ones keeps `sqlite_master.sql` alike.
const QUOTED_WORDS = new Set(['key']);

export function quoteIdentifier(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !QUOTED_WORDS.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdentifier).join(', ');
}

function columnDefinition(spec: ColumnSpec): string {
  const parts = [quoteIdentifier(spec.name), spec.type];
  if (spec.generatedStored !== undefined) parts.push(`GENERATED ALWAYS AS (${spec.generatedStored}) STORED`);
  if (spec.default !== undefined) parts.push(`DEFAULT ${spec.default}`);
  if (spec.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

function constraintPrefix(name: string | undefined): string {
  return name === undefined ? '' : `CONSTRAINT ${quoteIdentifier(name)} `;
}

function foreignKeyDefinition(fk: ForeignKeySpec): string {
  let sql = `${constraintPrefix(fk.name)}FOREIGN KEY(${columnList(fk.columns)}) REFERENCES ${quoteIdentifier(fk.references)} (${columnList(fk.referencedColumns)})`;
  if (fk.onDelete) sql += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate) sql += ` ON UPDATE ${fk.onUpdate}`;
  return sql;
}

/**
 * The primary key comes before the unique constraints: SQLite numbers the automatic indexes
 * (`sqlite_autoindex_<table>_N`) in declaration order, and MLflow's tables declare it first.
 */
export function createTableStatement(table: TableSpec): string {
  const lines = [
    ...table.columns.map(columnDefinition),
    `CONSTRAINT ${quoteIdentifier(table.primaryKey.name)} PRIMARY KEY (${columnList(table.primaryKey.columns)})`,
    ...(table.checks ?? []).map((check) => `${constraintPrefix(check.name)}CHECK (${check.expression})`),
    ...(table.foreignKeys ?? []).map(foreignKeyDefinition),
    ...(table.uniques ?? []).map((unique) => `CONSTRAINT ${quoteIdentifier(unique.name)} UNIQUE (${columnList(unique.columns)})`),
  ];
  return `CREATE TABLE ${quoteIdentifier(table.name)} (\n  ${lines.join(',\n  ')}\n)`;
}

function indexColumn(entry: string | IndexColumn): string {
  if (typeof entry === 'string') return quoteIdentifier(entry);
  return entry.descending ? `${quoteIdentifier(entry.name)} DESC` : quoteIdentifier(entry.name);
}

export function createIndexStatement(table: TableSpec, index: IndexSpec): string {
  const kind = index.unique ? 'UNIQUE INDEX' : 'INDEX';
  return `CREATE ${kind} ${quoteIdentifier(index.name)} ON ${quoteIdentifier(table.name)} (${index.columns.map(indexColumn).join(', ')})`;
}

export function createTriggerStatement(table: TableSpec, trigger: TriggerSpec): string {
  const lines = [
    `CREATE TRIGGER ${quoteIdentifier(trigger.name)}`,
    `${trigger.timing} ${trigger.event} ON ${quoteIdentifier(table.name)}`,
    'FOR EACH ROW',
    ...(trigger.when === undefined ? [] : [`WHEN ${trigger.when}`]),
    'BEGIN',
    `  ${trigger.statement};`,
    'END',
  ];
  return lines.join('\n');
}

/** Every statement for the tables, in the given order: each table, then its indexes and triggers. */
export function schemaStatements(tables: readonly TableSpec[]): string[] {
  return tables.flatMap((table) => [
    createTableStatement(table),
    ...(table.indexes ?? []).map((index) => createIndexStatement(table, index)),
    ...(table.triggers ?? []).map((trigger) => createTriggerStatement(table, trigger)),
  ]);
}

/** Throws when a table references one that is created later (or not at all). */
export function assertForeignKeyOrder(tables: readonly TableSpec[]): void {
  const created = new Set<string>();
  for (const table of tables) {
    created.add(table.name);
    for (const fk of table.foreignKeys ?? []) {
      if (!created.has(fk.references)) {
        throw new Error(`Table ${table.name} references ${fk.references}, which is not created before it`);
      }
    }
  }
}
