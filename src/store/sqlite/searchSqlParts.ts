// Building blocks for compiling search clauses to parameterised SQLite: user values are only ever
// bound, and column names come from fixed tables in the compilers, never from user input.
import type { ViewType } from '../../shared/entities.ts';
import { likeToGlob } from '../search/likePattern.ts';
import type { Clause, OrderKey } from '../search/searchAst.ts';

export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

/** Collects WHERE conditions and their bound values in order. */
export class SqlBuilder {
  readonly conditions: string[] = [];
  readonly params: (string | number)[] = [];

  bind(value: string | number): string {
    this.params.push(value);
    return '?';
  }

  bindList(values: readonly (string | number)[]): string {
    return values.map((v) => this.bind(v)).join(', ');
  }
}

/**
 * `column <comparator> value` with MLflow's SQLite semantics: `=`/`!=` and LIKE are case-sensitive
 * (LIKE as GLOB, since MLflow turns on case_sensitive_like), ILIKE lower-cases both sides as
 * SQLAlchemy's ilike does.
 */
export function comparisonSql(column: string, clause: Clause, sql: SqlBuilder, toValue: (v: string | number) => string | number = (v) => v): string {
  const { comparator, value } = clause;
  switch (comparator) {
    case 'LIKE': return `${column} GLOB ${sql.bind(likeToGlob(String(value)))}`;
    case 'ILIKE': return `lower(${column}) GLOB lower(${sql.bind(likeToGlob(String(value)))})`;
    case 'IN': return `${column} IN (${sql.bindList((value as string[]).map(toValue))})`;
    case 'NOT IN': return `${column} NOT IN (${sql.bindList((value as string[]).map(toValue))})`;
    case '=': case '!=': case '>': case '>=': case '<': case '<=':
      return `${column} ${comparator} ${sql.bind(toValue(value as string | number))}`;
    default:
      throw new Error(`comparator ${comparator} has no plain SQL form`);
  }
}

export function lifecycleStages(viewType: ViewType): string[] {
  if (viewType === 'DELETED_ONLY') return ['deleted'];
  if (viewType === 'ALL') return ['active', 'deleted'];
  return ['active'];
}

/** `expr ASC|DESC`; SQLite puts NULLs first ascending and last descending, like MLflow's plain ORDER BY. */
export function orderSql(expression: string, key: OrderKey): string {
  return `${expression} ${key.ascending ? 'ASC' : 'DESC'}`;
}

export function pagingSql(sql: SqlBuilder, limit: number, offset: number): string {
  return `LIMIT ${sql.bind(Math.max(0, Math.trunc(limit)))} OFFSET ${sql.bind(Math.max(0, Math.trunc(offset)))}`;
}
