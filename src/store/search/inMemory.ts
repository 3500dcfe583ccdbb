// Evaluates parsed search clauses and orderings on entities in memory, as MLflow's FileStore does
// (SearchUtils.filter / sort and friends), for the `mlruns/` reader.
import type { Experiment, ModelVersion, RegisteredModel, Run, RunInfo, Tag } from '../../shared/entities.ts';
import { effectiveExperimentOrder } from './experimentSearch.ts';
import { likeToRegExp } from './likePattern.ts';
import { effectiveModelVersionOrder, effectiveRegisteredModelOrder, IS_PROMPT_TAG_KEY, queriesPrompts } from './registrySearch.ts';
import type { Clause, OrderKey } from './searchAst.ts';

export type Scalar = string | number | undefined;
const DATASET_CONTEXT_TAG = 'mlflow.data.context';
const DELETED_INTERNAL_STAGE = 'Deleted_Internal';

/** One comparison with Python's semantics; a missing left-hand side never matches. */
export function compareValue(lhs: Scalar, clause: Clause): boolean {
  if (lhs === undefined) return false;
  const { comparator, value } = clause;
  switch (comparator) {
    case 'IN': return (value as string[]).includes(String(lhs));
    case 'NOT IN': return !(value as string[]).includes(String(lhs));
    case 'LIKE': return likeToRegExp(String(value), false).test(String(lhs));
    case 'ILIKE': return likeToRegExp(String(value), true).test(String(lhs));
    case '=': return lhs === value;
    case '!=': return lhs !== value;
    case '>': return lhs > (value as number | string);
    case '>=': return lhs >= (value as number | string);
    case '<': return lhs < (value as number | string);
    case '<=': return lhs <= (value as number | string);
    default: return false;
  }
}

function tagValue(tags: Tag[], key: string): string | undefined {
  return tags.find((t) => t.key === key)?.value;
}

/** Key/value entities (params, tags) also answer IS NULL / IS NOT NULL. */
export function keyValueMatches(value: string | undefined, clause: Clause): boolean {
  if (clause.comparator === 'IS NULL') return value === undefined;
  if (clause.comparator === 'IS NOT NULL') return value !== undefined;
  return compareValue(value, clause);
}

function runAttribute(run: Run, key: string): Scalar {
  return runInfoAttribute(run.info, key);
}

export function runInfoAttribute(info: RunInfo, key: string): Scalar {
  switch (key) {
    case 'run_id': return info.runId;
    case 'run_name': return info.runName;
    case 'status': return info.status;
    case 'artifact_uri': return info.artifactUri;
    case 'user_id': return info.userId;
    case 'start_time': return info.startTime ?? undefined;
    case 'end_time': return info.endTime ?? undefined;
    default: return undefined;
  }
}

function runClauseMatches(run: Run, clause: Clause): boolean {
  switch (clause.entity) {
    case 'metric': return compareValue(run.data.metrics.find((m) => m.key === clause.key)?.value, clause);
    case 'param': return keyValueMatches(run.data.params.find((p) => p.key === clause.key)?.value, clause);
    case 'tag': return keyValueMatches(tagValue(run.data.tags, clause.key), clause);
    case 'attribute': return compareValue(runAttribute(run, clause.key), clause);
    case 'dataset':
      return run.inputs.datasetInputs.some((input) => clause.key === 'context'
        ? input.tags.some((t) => t.key === DATASET_CONTEXT_TAG && compareValue(t.value, clause))
        : compareValue(clause.key === 'name' ? input.dataset.name : input.dataset.digest, clause));
  }
}

export function runMatches(run: Run, clauses: Clause[]): boolean {
  return clauses.every((clause) => runClauseMatches(run, clause));
}

function runSortValue(run: Run, key: OrderKey): Scalar {
  switch (key.entity) {
    case 'metric': return run.data.metrics.find((m) => m.key === key.key)?.value;
    case 'param': return run.data.params.find((p) => p.key === key.key)?.value;
    case 'tag': return tagValue(run.data.tags, key.key);
    default: return runAttribute(run, key.key);
  }
}

/** Plain comparison of present values (numbers numerically, strings by code unit). */
function compareScalars(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ranks a value for sorting: present values first, then NaN, then missing — in either direction. */
function missingRank(value: Scalar): number {
  if (value === undefined) return 2;
  return typeof value === 'number' && Number.isNaN(value) ? 1 : 0;
}

export function compareByKey(a: Scalar, b: Scalar, ascending: boolean): number {
  const rankA = missingRank(a);
  const rankB = missingRank(b);
  if (rankA !== rankB || rankA !== 0) return rankA - rankB;
  const order = compareScalars(a as string | number, b as string | number);
  return ascending ? order : -order;
}

/** The given keys, then MLflow's tie-breaks: start_time DESC (unless ordered already), then run_id ASC. */
export function effectiveRunOrder(orderBy: OrderKey[]): OrderKey[] {
  const keys = [...orderBy];
  if (!keys.some((k) => k.entity === 'attribute' && k.key === 'start_time')) {
    keys.push({ entity: 'attribute', key: 'start_time', ascending: false });
  }
  keys.push({ entity: 'attribute', key: 'run_id', ascending: true });
  return keys;
}

/** MLflow's run order: the given keys, then start_time DESC, then run_id ASC. */
export function compareRuns(orderBy: OrderKey[]): (a: Run, b: Run) => number {
  const keys = effectiveRunOrder(orderBy);
  return (a, b) => {
    for (const key of keys) {
      const order = compareByKey(runSortValue(a, key), runSortValue(b, key), key.ascending);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Integer ids compare as numbers (the SQL store's INTEGER column); anything else as text. */
function idValue(id: string): string | number {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

function experimentAttribute(e: Experiment, key: string): Scalar {
  switch (key) {
    case 'name': return e.name;
    case 'experiment_id': return idValue(e.experimentId);
    case 'creation_time': return e.creationTime ?? undefined;
    case 'last_update_time': return e.lastUpdateTime ?? undefined;
    default: return undefined;
  }
}

export function experimentMatches(e: Experiment, clauses: Clause[]): boolean {
  return clauses.every((clause) => {
    if (clause.entity === 'tag') return keyValueMatches(tagValue(e.tags, clause.key), clause);
    if (clause.key === 'experiment_id') {
      const ids = Array.isArray(clause.value) ? clause.value.map(idValue) : [idValue(String(clause.value))];
      const id = idValue(e.experimentId);
      const inList = ids.includes(id);
      return clause.comparator === '=' || clause.comparator === 'IN' ? inList : !inList;
    }
    return compareValue(experimentAttribute(e, clause.key), clause);
  });
}

function compareWith<T>(keys: OrderKey[], read: (item: T, key: string) => Scalar): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareByKey(read(a, key.key), read(b, key.key), key.ascending);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** Default creation_time DESC, experiment_id ASC; given keys get experiment_id DESC as tie-break. Missing values last. */
export function compareExperiments(orderBy: OrderKey[]): (a: Experiment, b: Experiment) => number {
  return compareWith(effectiveExperimentOrder(orderBy), experimentAttribute);
}

/** The filter plus MLflow's prompt rule: prompts are hidden unless the filter asks for them. */
function registryTagsMatch(tags: Tag[], clauses: Clause[], attributeMatches: (clause: Clause) => boolean): boolean {
  const wantsPrompts = queriesPrompts(clauses);
  if (!wantsPrompts && tagValue(tags, IS_PROMPT_TAG_KEY)?.toLowerCase() === 'true') return false;
  return clauses.every((clause) => {
    if (clause.entity !== 'tag') return attributeMatches(clause);
    if (clause.key === IS_PROMPT_TAG_KEY && !wantsPrompts) return true;
    return compareValue(tagValue(tags, clause.key), clause);
  });
}

export function registeredModelMatches(model: RegisteredModel, clauses: Clause[]): boolean {
  return registryTagsMatch(model.tags, clauses, (clause) => compareValue(model.name, clause));
}

function registeredModelAttribute(model: RegisteredModel, key: string): Scalar {
  return key === 'name' ? model.name : model.lastUpdatedTimestamp ?? undefined;
}

export function compareRegisteredModels(orderBy: OrderKey[]): (a: RegisteredModel, b: RegisteredModel) => number {
  return compareWith(effectiveRegisteredModelOrder(orderBy), registeredModelAttribute);
}

function modelVersionAttribute(mv: ModelVersion, key: string): Scalar {
  switch (key) {
    case 'name': return mv.name;
    case 'version_number': return Number(mv.version);
    case 'run_id': return mv.runId ?? undefined;
    case 'source_path': return mv.source ?? undefined;
    case 'creation_timestamp': return mv.creationTimestamp ?? undefined;
    case 'last_updated_timestamp': return mv.lastUpdatedTimestamp ?? undefined;
    default: return undefined;
  }
}

/** Versions in MLflow's internal deleted stage never match. */
export function modelVersionMatches(mv: ModelVersion, clauses: Clause[]): boolean {
  if (mv.currentStage === DELETED_INTERNAL_STAGE) return false;
  return registryTagsMatch(mv.tags, clauses, (clause) => compareValue(modelVersionAttribute(mv, clause.key), clause));
}

export function compareModelVersions(orderBy: OrderKey[]): (a: ModelVersion, b: ModelVersion) => number {
  return compareWith(effectiveModelVersionOrder(orderBy), modelVersionAttribute);
}
