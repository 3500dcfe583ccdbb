// MLflow's search_experiments grammar: attributes name, experiment_id, creation_time,
// last_update_time and tags, with the value rules of MLflow 3.18's SQL store.
import { MlflowError } from '../../shared/errors.ts';
import {
  parseComparisons, parseOrderTerm, requireComparator, requireNumber, requireString, requireStringOrList,
  splitIdentifier, unquoteKey, type RawComparison,
} from './filterGrammar.ts';
import type { Clause, OrderKey, SearchEntity } from './searchAst.ts';

const ENTITY_TYPES: Record<string, SearchEntity> = { attribute: 'attribute', attributes: 'attribute', tag: 'tag', tags: 'tag' };
const ATTRIBUTES = new Set(['name', 'experiment_id', 'creation_time', 'last_update_time']);
const NUMERIC_ATTRIBUTES = new Set(['creation_time', 'last_update_time']);

function experimentIdentifier(identifier: string, context: string): { entity: SearchEntity; key: string } {
  const parts = splitIdentifier(identifier);
  const entity = parts.entity === undefined ? 'attribute' : ENTITY_TYPES[parts.entity];
  if (!entity) {
    throw MlflowError.invalidParameter(`Invalid entity type '${parts.entity}' in ${context}: expected attribute(s) or tag(s)`);
  }
  const key = unquoteKey(parts.key);
  if (key === '') throw MlflowError.invalidParameter(`Missing key after '${identifier}' in ${context}`);
  if (entity === 'attribute' && !ATTRIBUTES.has(key)) {
    throw MlflowError.invalidParameter(`Invalid attribute key '${key}' in ${context}: valid keys are ${[...ATTRIBUTES].join(', ')}`);
  }
  return { entity, key };
}

/** Experiment ids are integers in the SQL store; MLflow rejects anything int() would not take. */
function experimentIdValue(value: string, clause: RawComparison): string {
  if (!/^\s*[+-]?\d+\s*$/.test(value)) {
    throw MlflowError.invalidParameter(`Invalid experiment ID '${value}' in clause "${clause.text}": it must be an integer`);
  }
  return String(Number(value));
}

function experimentClause(raw: RawComparison): Clause {
  const { entity, key } = experimentIdentifier(raw.identifier, `clause "${raw.text}"`);
  const comparator = raw.comparator as Clause['comparator'];
  if (entity === 'tag') {
    requireComparator(raw, ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'], 'an experiment tag');
    return { entity, key, comparator, value: raw.comparator.startsWith('IS ') ? '' : requireString(raw, 'an experiment tag') };
  }
  if (NUMERIC_ATTRIBUTES.has(key)) {
    requireComparator(raw, ['=', '!=', '>', '>=', '<', '<='], `the numeric attribute ${key}`);
    const value = requireNumber(raw, `the numeric attribute ${key}`);
    if (!Number.isInteger(value) || raw.value.kind === 'number' && /[.eE]/.test(raw.value.text)) {
      throw MlflowError.invalidParameter(`Invalid value ${raw.value.kind === 'number' ? raw.value.text : value} in clause "${raw.text}": ${key} takes an integer (milliseconds)`);
    }
    return { entity, key, comparator, value };
  }
  if (key === 'experiment_id') {
    requireComparator(raw, ['=', '!=', 'IN', 'NOT IN'], 'experiment_id');
    const value = requireStringOrList(raw, 'experiment_id', true);
    if (Array.isArray(value) !== (raw.comparator === 'IN' || raw.comparator === 'NOT IN')) {
      throw MlflowError.invalidParameter(`Invalid clause "${raw.text}": ${raw.comparator} ${Array.isArray(value) ? 'cannot take a list' : 'needs a list'}`);
    }
    return { entity, key, comparator, value: Array.isArray(value) ? value.map((v) => experimentIdValue(v, raw)) : experimentIdValue(value, raw) };
  }
  requireComparator(raw, ['=', '!=', 'LIKE', 'ILIKE'], `the attribute ${key}`);
  return { entity, key, comparator, value: requireString(raw, `the attribute ${key}`) };
}

export function parseExperimentFilter(filter: string | undefined): Clause[] {
  return parseComparisons(filter).map(experimentClause);
}

/** Only attributes are orderable; the default order and tie-break are added by the compilers. */
export function parseExperimentOrderBy(orderBy: string[] | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const term of orderBy ?? []) {
    const { identifier, ascending } = parseOrderTerm(term);
    const { entity, key } = experimentIdentifier(identifier, `order_by clause '${term}'`);
    if (entity !== 'attribute') {
      throw MlflowError.invalidParameter(`Invalid order_by clause '${term}': experiments can only be ordered by attributes`);
    }
    keys.push({ entity, key, ascending });
  }
  return keys;
}

/** MLflow's order when none is given, and the tie-break it appends otherwise. */
export function effectiveExperimentOrder(orderBy: OrderKey[]): OrderKey[] {
  if (orderBy.length === 0) {
    return [{ entity: 'attribute', key: 'creation_time', ascending: false }, { entity: 'attribute', key: 'experiment_id', ascending: true }];
  }
  return orderBy.some((k) => k.key === 'experiment_id') ? orderBy : [...orderBy, { entity: 'attribute', key: 'experiment_id', ascending: false }];
}
