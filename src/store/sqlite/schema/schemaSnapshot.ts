// Reads a database's schema back as plain facts (SQLite's PRAGMAs plus the CHECK constraints
// and triggers from sqlite_master), so two databases can be compared regardless of how their
// DDL text was written or how many ALTERs produced it.
import type { SqliteDatabase } from '../driver.ts';

export interface ColumnFacts {
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  /** 0 for ordinary columns, 2 or 3 for virtual or stored generated ones. */
  hidden: number;
}

export interface IndexColumnFacts {
  name: string | null;
  desc: number;
  coll: string;
}

export interface IndexFacts {
  name: string;
  unique: number;
  origin: string;
  partial: number;
  columns: IndexColumnFacts[];
}

export interface ForeignKeyFacts {
  table: string;
  from: string[];
  to: string[];
  on_update: string;
  on_delete: string;
  match: string;
}

export interface TableFacts {
  columns: ColumnFacts[];
  /** Sorted by name. */
  indexes: IndexFacts[];
  /** Sorted by referenced table and columns: SQLite's ids depend on declaration order. */
  foreignKeys: ForeignKeyFacts[];
  /** `name: expression` (or `(unnamed): expression`), whitespace normalised, sorted. */
  checks: string[];
}

export interface SchemaSnapshot {
  tables: Record<string, TableFacts>;
  /** Trigger name → its SQL with whitespace normalised. */
  triggers: Record<string, string>;
}

export function normalizeWhitespace(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}

/** Blanks out the inside of quoted strings and identifiers so keywords in them are not matched. */
function maskQuoted(sql: string): string {
  let masked = '';
  let closing: string | null = null;
  for (const ch of sql) {
    if (closing !== null) {
      if (ch === closing) {
        closing = null;
        masked += ch;
      } else {
        masked += ' ';
      }
    } else {
      if (ch === "'" || ch === '"' || ch === '`') closing = ch;
      else if (ch === '[') closing = ']';
      masked += ch;
    }
  }
  return masked;
}

function unquote(name: string): string {
  const first = name[0];
  if (first === '"' || first === '`' || first === '[' || first === "'") return name.slice(1, -1);
  return name;
}

/** The CHECK constraints of a CREATE TABLE statement, table- or column-level, named or not. */
export function extractCheckConstraints(createTableSql: string): string[] {
  const masked = maskQuoted(createTableSql);
  const checks: string[] = [];
  const pattern = /(?:\bCONSTRAINT\s+("[^"]*"|`[^`]*`|\[[^\]]*\]|\w+)\s+)?\bCHECK\s*\(/gi;
  for (let match = pattern.exec(masked); match !== null; match = pattern.exec(masked)) {
    const open = match.index + match[0].length - 1;
    let depth = 0;
    let close = open;
    for (let i = open; i < masked.length; i++) {
      if (masked[i] === '(') depth++;
      else if (masked[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    let name = '(unnamed)';
    if (match[1] !== undefined) {
      // The name's text comes from the unmasked statement, at the same offsets.
      const nameStart = match.index + match[0].indexOf(match[1]);
      name = unquote(createTableSql.slice(nameStart, nameStart + match[1].length));
    }
    checks.push(`${name}: ${normalizeWhitespace(createTableSql.slice(open + 1, close))}`);
    pattern.lastIndex = close + 1;
  }
  return checks.sort();
}

interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string;
  on_update: string;
  on_delete: string;
  match: string;
}

function foreignKeys(db: SqliteDatabase, table: string): ForeignKeyFacts[] {
  const rows = db.prepare('SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(table) as ForeignKeyRow[];
  const byId = new Map<number, ForeignKeyFacts>();
  for (const row of rows) {
    let fk = byId.get(row.id);
    if (!fk) {
      fk = { table: row.table, from: [], to: [], on_update: row.on_update, on_delete: row.on_delete, match: row.match };
      byId.set(row.id, fk);
    }
    fk.from.push(row.from);
    fk.to.push(row.to);
  }
  const key = (fk: ForeignKeyFacts) => `${fk.table}(${fk.from.join(',')})`;
  return [...byId.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

function indexes(db: SqliteDatabase, table: string): IndexFacts[] {
  const list = db.prepare('SELECT name, "unique", origin, partial FROM pragma_index_list(?)').all(table) as Omit<IndexFacts, 'columns'>[];
  return list
    .map((index) => {
      const keyColumns = db
        .prepare('SELECT name, "desc", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno')
        .all(index.name) as IndexColumnFacts[];
      return { name: index.name, unique: index.unique, origin: index.origin, partial: index.partial, columns: keyColumns };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function snapshotSchema(db: SqliteDatabase): SchemaSnapshot {
  const tables: Record<string, TableFacts> = {};
  const tableRows = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
    .all() as { name: string; sql: string }[];
  for (const { name, sql } of tableRows) {
    tables[name] = {
      columns: db.prepare('SELECT cid, name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid').all(name) as ColumnFacts[],
      indexes: indexes(db, name),
      foreignKeys: foreignKeys(db, name),
      checks: extractCheckConstraints(sql),
    };
  }
  const triggers: Record<string, string> = {};
  const triggerRows = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as { name: string; sql: string }[];
  for (const { name, sql } of triggerRows) triggers[name] = normalizeWhitespace(sql);
  return { tables, triggers };
}
