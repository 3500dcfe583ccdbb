// Lists every difference between two schema snapshots as a sentence that names the table,
// column, index, foreign key, check or trigger, so a mismatch is readable at a glance.
import type { ColumnFacts, ForeignKeyFacts, IndexFacts, SchemaSnapshot, TableFacts } from './schemaSnapshot.ts';

function show(value: unknown): string {
  return JSON.stringify(value);
}

function setDifferences(what: string, expected: Iterable<string>, actual: Iterable<string>): string[] {
  const want = new Set(expected);
  const have = new Set(actual);
  return [
    ...[...want].filter((x) => !have.has(x)).map((x) => `${what} ${x} is missing`),
    ...[...have].filter((x) => !want.has(x)).map((x) => `${what} ${x} is unexpected`),
  ];
}

function columnDifferences(table: string, expected: ColumnFacts[], actual: ColumnFacts[]): string[] {
  const out: string[] = [];
  const count = Math.max(expected.length, actual.length);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const have = actual[i];
    if (!want) out.push(`${table}: unexpected column #${i} ${have.name}`);
    else if (!have) out.push(`${table}: column #${i} ${want.name} is missing`);
    else {
      for (const field of ['name', 'type', 'notnull', 'dflt_value', 'pk', 'hidden'] as const) {
        if (want[field] !== have[field]) {
          out.push(`${table}.${want.name} (column #${i}): ${field} is ${show(have[field])}, expected ${show(want[field])}`);
        }
      }
    }
  }
  return out;
}

function indexDifferences(table: string, expected: IndexFacts[], actual: IndexFacts[]): string[] {
  const out = setDifferences(`${table}: index`, expected.map((i) => i.name), actual.map((i) => i.name));
  const byName = new Map(actual.map((i) => [i.name, i]));
  for (const want of expected) {
    const have = byName.get(want.name);
    if (!have) continue;
    for (const field of ['unique', 'origin', 'partial'] as const) {
      if (want[field] !== have[field]) out.push(`${table}: index ${want.name} has ${field} ${show(have[field])}, expected ${show(want[field])}`);
    }
    if (show(want.columns) !== show(have.columns)) {
      out.push(`${table}: index ${want.name} covers ${show(have.columns)}, expected ${show(want.columns)}`);
    }
  }
  return out;
}

function foreignKeyText(fk: ForeignKeyFacts): string {
  return `(${fk.from.join(', ')}) -> ${fk.table}(${fk.to.join(', ')}) ON UPDATE ${fk.on_update} ON DELETE ${fk.on_delete} MATCH ${fk.match}`;
}

export function tableDifferences(table: string, expected: TableFacts, actual: TableFacts): string[] {
  return [
    ...columnDifferences(table, expected.columns, actual.columns),
    ...indexDifferences(table, expected.indexes, actual.indexes),
    ...setDifferences(`${table}: foreign key`, expected.foreignKeys.map(foreignKeyText), actual.foreignKeys.map(foreignKeyText)),
    ...setDifferences(`${table}: check`, expected.checks, actual.checks),
  ];
}

/** Empty when the two schemas are the same in every fact the snapshot records. */
export function schemaDifferences(expected: SchemaSnapshot, actual: SchemaSnapshot): string[] {
  const out = setDifferences('table', Object.keys(expected.tables), Object.keys(actual.tables));
  for (const [name, want] of Object.entries(expected.tables)) {
    const have = actual.tables[name];
    if (have) out.push(...tableDifferences(name, want, have));
  }
  out.push(...setDifferences('trigger', Object.keys(expected.triggers), Object.keys(actual.triggers)));
  for (const [name, want] of Object.entries(expected.triggers)) {
    const have = actual.triggers[name];
    if (have !== undefined && have !== want) out.push(`trigger ${name} is ${show(have)}, expected ${show(want)}`);
  }
  return out;
}
