// MLflow's search_runs grammar: filter clauses and order_by keys over metrics, params, tags,
// run attributes and datasets, validated as MLflow 3.18 does before any query runs.
import { MlflowError } from '../../shared/errors.ts';
import {
  parseComparisons, parseOrderTerm, requireComparator, requireNumber, requireString, requireStringOrList,
  splitIdentifier, unquoteKey, type RawComparison,
} from './filterGrammar.ts';
import type { Clause, OrderKey, SearchEntity } from './searchAst.ts';

const ENTITY_ALIASES: Record<string, SearchEntity> = {
  metric: 'metric', metrics: 'metric',
  parameter: 'param', parameters: 'param', param: 'param', params: 'param',
  tag: 'tag', tags: 'tag',
  attribute: 'attribute', attributes: 'attribute', attr: 'attribute', run: 'attribute',
  dataset: 'dataset', datasets: 'dataset',
};

export const RUN_STRING_ATTRIBUTES = ['run_id', 'run_name', 'status', 'artifact_uri', 'user_id'] as const;
export const RUN_NUMERIC_ATTRIBUTES = ['start_time', 'end_time'] as const;
const KEY_ALIASES: Record<string, string> = { created: 'start_time', Created: 'start_time', 'run name': 'run_name', 'Run name': 'run_name', 'Run Name': 'run_name' };
const SEARCHABLE_ATTRIBUTES = new Set<string>([...RUN_STRING_ATTRIBUTES, ...RUN_NUMERIC_ATTRIBUTES, ...Object.keys(KEY_ALIASES)]);
// order_by accepts `created` but not the `run name` spellings (as MLflow).
const ORDERABLE_ATTRIBUTES = new Set<string>([...RUN_STRING_ATTRIBUTES, ...RUN_NUMERIC_ATTRIBUTES, 'created', 'Created']);
const DATASET_KEYS = new Set(['name', 'digest', 'context']);

const NUMERIC_COMPARATORS = ['=', '!=', '>', '>=', '<', '<='] as const;
const KEY_VALUE_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'] as const;
const STRING_ATTRIBUTE_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] as const;

interface RunIdentifier {
  entity: SearchEntity;
  key: string;
}

/** `metrics.acc`, ``tags.`a b` ``, `created`… → entity and canonical key; unknown names are errors. */
function runIdentifier(identifier: string, validAttributes: Set<string>, context: string): RunIdentifier {
  const parts = splitIdentifier(identifier);
  let entity: SearchEntity = 'attribute';
  if (parts.entity !== undefined) {
    const written = parts.entity.length >= 2 && parts.entity.startsWith('`') && parts.entity.endsWith('`') ? parts.entity.slice(1, -1) : parts.entity;
    const resolved = ENTITY_ALIASES[written];
    if (!resolved) {
      throw MlflowError.invalidParameter(`Invalid entity type '${written}' in ${context}: expected one of metric(s), param(s)/parameter(s), tag(s), attribute(s)/attr/run, dataset(s)`);
    }
    entity = resolved;
  }
  const key = unquoteKey(parts.key);
  if (key === '') throw MlflowError.invalidParameter(`Missing key after '${identifier}' in ${context}`);
  if (entity === 'attribute' && !validAttributes.has(key)) {
    throw MlflowError.invalidParameter(`Invalid attribute key '${key}' in ${context}: valid keys are ${[...validAttributes].join(', ')}`);
  }
  if (entity === 'dataset' && !DATASET_KEYS.has(key)) {
    throw MlflowError.invalidParameter(`Invalid dataset key '${key}' in ${context}: valid keys are name, digest, context`);
  }
  return { entity, key: entity === 'attribute' ? KEY_ALIASES[key] ?? key : key };
}

function runClause(raw: RawComparison): Clause {
  const { entity, key } = runIdentifier(raw.identifier, SEARCHABLE_ATTRIBUTES, `clause "${raw.text}"`);
  switch (entity) {
    case 'metric':
      requireComparator(raw, NUMERIC_COMPARATORS, 'a metric');
      return { entity, key, comparator: raw.comparator as Clause['comparator'], value: requireNumber(raw, 'a metric') };
    case 'param':
    case 'tag': {
      requireComparator(raw, KEY_VALUE_COMPARATORS, `a ${entity}`);
      const value = raw.comparator.startsWith('IS ') ? '' : requireString(raw, `a ${entity}`);
      return { entity, key, comparator: raw.comparator as Clause['comparator'], value };
    }
    case 'dataset':
      requireComparator(raw, STRING_ATTRIBUTE_COMPARATORS, 'a dataset key');
      return { entity, key, comparator: raw.comparator as Clause['comparator'], value: listOrString(raw, `dataset.${key}`, true) };
    case 'attribute':
      if ((RUN_NUMERIC_ATTRIBUTES as readonly string[]).includes(key)) {
        requireComparator(raw, NUMERIC_COMPARATORS, `the numeric attribute ${key}`);
        return { entity, key, comparator: raw.comparator as Clause['comparator'], value: requireNumber(raw, `the numeric attribute ${key}`) };
      }
      requireComparator(raw, STRING_ATTRIBUTE_COMPARATORS, `the attribute ${key}`);
      // Only run_id takes a list, as in MLflow.
      return { entity, key, comparator: raw.comparator as Clause['comparator'], value: listOrString(raw, `the attribute ${key}`, key === 'run_id') };
  }
}

/** IN / NOT IN need a list and a list needs IN / NOT IN. */
function listOrString(raw: RawComparison, what: string, listAllowed: boolean): string | string[] {
  const value = requireStringOrList(raw, what, listAllowed);
  const wantsList = raw.comparator === 'IN' || raw.comparator === 'NOT IN';
  if (wantsList !== Array.isArray(value)) {
    throw MlflowError.invalidParameter(`Invalid clause "${raw.text}": ${raw.comparator} ${wantsList ? 'needs a list' : 'cannot take a list'}`);
  }
  return value;
}

export function parseRunFilter(filter: string | undefined): Clause[] {
  return parseComparisons(filter).map(runClause);
}

export function parseRunOrderBy(orderBy: string[] | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const term of orderBy ?? []) {
    const { identifier, ascending } = parseOrderTerm(term);
    const { entity, key } = runIdentifier(identifier, ORDERABLE_ATTRIBUTES, `order_by clause '${term}'`);
    if (entity === 'dataset') {
      throw MlflowError.invalidParameter(`Invalid order_by clause '${term}': runs cannot be ordered by dataset fields`);
    }
    if (keys.some((k) => k.entity === entity && k.key === key)) {
      throw MlflowError.invalidParameter(`order_by contains '${identifier}' more than once: ${JSON.stringify(orderBy)}`);
    }
    keys.push({ entity, key, ascending });
  }
  return keys;
}
