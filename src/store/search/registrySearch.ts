// MLflow's model registry search grammar (search_registered_models, search_model_versions), with
// the rules of MLflow 3.18's SQL registry store.
import { MlflowError } from '../../shared/errors.ts';
import {
  parseComparisons, parseOrderTerm, requireComparator, requireString, requireStringOrList,
  splitIdentifier, unquoteKey, type RawComparison,
} from './filterGrammar.ts';
import type { Clause, OrderKey, SearchEntity } from './searchAst.ts';

/** Registry entries carrying this tag = 'true' are prompts, hidden unless a filter asks for them. */
export const IS_PROMPT_TAG_KEY = 'mlflow.prompt.is_prompt';

const TAG_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE'] as const;
const STRING_COMPARATORS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'] as const;

/** Registry identifiers: `attribute.` or bare for attributes, `tag.`/`tags.` for tags (no other aliases). */
function registryIdentifier(identifier: string, attributes: Set<string>, context: string): { entity: SearchEntity; key: string } {
  const parts = splitIdentifier(identifier);
  let entity: SearchEntity = 'attribute';
  if (parts.entity !== undefined) {
    if (parts.entity === 'tag' || parts.entity === 'tags') entity = 'tag';
    else if (parts.entity !== 'attribute') {
      throw MlflowError.invalidParameter(`Invalid entity type '${parts.entity}' in ${context}: expected attribute, tag or tags`);
    }
  }
  // MLflow checks attribute names before unquoting them, so `name` must be written bare.
  if (entity === 'attribute' && !attributes.has(parts.key)) {
    throw MlflowError.invalidParameter(`Invalid attribute key '${parts.key}' in ${context}: valid keys are ${[...attributes].join(', ')}`);
  }
  const key = unquoteKey(parts.key);
  if (key === '') throw MlflowError.invalidParameter(`Missing key after '${identifier}' in ${context}`);
  return { entity, key };
}

function listOrString(raw: RawComparison, what: string, listAllowed: boolean): string | string[] {
  const value = requireStringOrList(raw, what, listAllowed);
  if (Array.isArray(value) !== (raw.comparator === 'IN' || raw.comparator === 'NOT IN')) {
    throw MlflowError.invalidParameter(`Invalid clause "${raw.text}": ${raw.comparator} ${Array.isArray(value) ? 'cannot take a list' : 'needs a list'}`);
  }
  return value;
}

function tagClause(raw: RawComparison, key: string): Clause {
  requireComparator(raw, TAG_COMPARATORS, 'a registry tag');
  return { entity: 'tag', key, comparator: raw.comparator as Clause['comparator'], value: requireString(raw, 'a registry tag') };
}

const REGISTERED_MODEL_ATTRIBUTES = new Set(['name']);

function registeredModelClause(raw: RawComparison): Clause {
  const { entity, key } = registryIdentifier(raw.identifier, REGISTERED_MODEL_ATTRIBUTES, `clause "${raw.text}"`);
  if (entity === 'tag') return tagClause(raw, key);
  requireComparator(raw, STRING_COMPARATORS, `the attribute ${key}`);
  return { entity, key, comparator: raw.comparator as Clause['comparator'], value: listOrString(raw, `the attribute ${key}`, true) };
}

export function parseRegisteredModelFilter(filter: string | undefined): Clause[] {
  return parseComparisons(filter).map(registeredModelClause);
}

/**
 * `name`, `timestamp` or `last_updated_timestamp`, written bare; both timestamps mean the
 * last-updated time (MLflow's SQL store) and come back as `last_updated_timestamp`.
 */
export function parseRegisteredModelOrderBy(orderBy: string[] | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const term of orderBy ?? []) {
    const { identifier, ascending } = parseOrderTerm(term);
    if (identifier !== 'name' && identifier !== 'timestamp' && identifier !== 'last_updated_timestamp') {
      throw MlflowError.invalidParameter(`Invalid order_by key '${identifier}' in '${term}': valid keys are name, timestamp, last_updated_timestamp`);
    }
    const key = identifier === 'name' ? 'name' : 'last_updated_timestamp';
    if (keys.some((k) => k.key === key)) {
      throw MlflowError.invalidParameter(`order_by names '${key}' more than once: ${JSON.stringify(orderBy)}`);
    }
    keys.push({ entity: 'attribute', key, ascending });
  }
  return keys;
}

/** Explicit keys, then name ASC unless named. */
export function effectiveRegisteredModelOrder(orderBy: OrderKey[]): OrderKey[] {
  return orderBy.some((k) => k.key === 'name') ? orderBy : [...orderBy, { entity: 'attribute', key: 'name', ascending: true }];
}

const MODEL_VERSION_ATTRIBUTES = new Set(['name', 'version_number', 'run_id', 'source_path']);
const MODEL_VERSION_ORDER_KEYS = new Set(['name', 'version_number', 'creation_timestamp', 'last_updated_timestamp']);

function modelVersionClause(raw: RawComparison): Clause {
  const { entity, key } = registryIdentifier(raw.identifier, MODEL_VERSION_ATTRIBUTES, `clause "${raw.text}"`);
  if (entity === 'tag') return tagClause(raw, key);
  const comparator = raw.comparator as Clause['comparator'];
  if (key === 'version_number') {
    requireComparator(raw, ['=', '!=', '>', '>=', '<', '<='], 'version_number');
    // An integer, written bare or quoted ('3'); fractions are refused as in MLflow.
    const text = raw.value.kind === 'number' ? raw.value.text : raw.value.kind === 'string' ? raw.value.value.trim() : undefined;
    if (text === undefined || !/^[+-]?\d+$/.test(text)) {
      throw MlflowError.invalidParameter(`Invalid value in clause "${raw.text}": version_number takes an integer`);
    }
    return { entity, key, comparator, value: Number(text) };
  }
  if (raw.value.kind === 'number') {
    throw MlflowError.invalidParameter(`Invalid value ${raw.value.text} in clause "${raw.text}": only version_number is compared with numbers`);
  }
  requireComparator(raw, STRING_COMPARATORS, `the attribute ${key}`);
  if ((raw.comparator === 'IN' || raw.comparator === 'NOT IN') && key === 'source_path') {
    throw MlflowError.invalidParameter(`Invalid comparator '${raw.comparator}' in clause "${raw.text}": only name and run_id take a list`);
  }
  return { entity, key, comparator, value: listOrString(raw, `the attribute ${key}`, key !== 'source_path') };
}

export function parseModelVersionFilter(filter: string | undefined): Clause[] {
  return parseComparisons(filter).map(modelVersionClause);
}

export function parseModelVersionOrderBy(orderBy: string[] | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const term of orderBy ?? []) {
    const { identifier, ascending } = parseOrderTerm(term);
    const parts = splitIdentifier(identifier);
    if (parts.entity !== undefined && parts.entity !== 'attribute' && parts.entity !== 'attributes') {
      throw MlflowError.invalidParameter(`Invalid order_by clause '${term}': model versions can only be ordered by attributes`);
    }
    const key = unquoteKey(parts.key);
    if (!MODEL_VERSION_ORDER_KEYS.has(key)) {
      throw MlflowError.invalidParameter(`Invalid order_by key '${key}' in '${term}': valid keys are ${[...MODEL_VERSION_ORDER_KEYS].join(', ')}`);
    }
    if (keys.some((k) => k.key === key)) {
      throw MlflowError.invalidParameter(`order_by names '${key}' more than once: ${JSON.stringify(orderBy)}`);
    }
    keys.push({ entity: 'attribute', key, ascending });
  }
  return keys;
}

/** MLflow's default (last_updated_timestamp DESC, name ASC, version_number DESC) and tie-breaks. */
export function effectiveModelVersionOrder(orderBy: OrderKey[]): OrderKey[] {
  const keys: OrderKey[] = orderBy.length > 0 ? [...orderBy] : [{ entity: 'attribute', key: 'last_updated_timestamp', ascending: false }];
  if (!keys.some((k) => k.key === 'name')) keys.push({ entity: 'attribute', key: 'name', ascending: true });
  if (!keys.some((k) => k.key === 'version_number')) keys.push({ entity: 'attribute', key: 'version_number', ascending: false });
  return keys;
}

/**
 * Whether a registry filter asks for prompts (MLflow: the first clause on the prompt tag decides);
 * when it does not, prompts are excluded and clauses on the prompt tag are dropped.
 */
export function queriesPrompts(clauses: Clause[]): boolean {
  const first = clauses.find((c) => c.entity === 'tag' && c.key === IS_PROMPT_TAG_KEY);
  if (!first || typeof first.value !== 'string') return false;
  return (first.comparator === '=' && first.value.toLowerCase() === 'true') || (first.comparator === '!=' && first.value.toLowerCase() === 'false');
}

/** A registry search filter for one model's versions; double quotes when the name holds a single one. */
export function versionsFilter(name: string): string {
  return name.includes("'") ? `name = "${name}"` : `name = '${name}'`;
}
