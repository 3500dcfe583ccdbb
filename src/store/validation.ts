// MLflow's validation rules for tracking writes (limits and message shapes as mlflow 3.18 answers).
import { boundedJson, boundedQuote } from '../shared/boundedQuote.ts';
import type { Metric, Param, Tag } from '../shared/entities.ts';
import { MlflowError } from '../shared/errors.ts';

export const LIMITS = {
  paramsTagsPerBatch: 100,
  metricsPerBatch: 1000,
  entitiesPerBatch: 1000,
  paramValueLength: 6000,
  tagValueLength: 8000,
  entityKeyLength: 250,
  experimentNameLength: 500,
  experimentTagKeyLength: 250,
  experimentTagValueLength: 20_000,
  experimentsPerPage: 50_000,
  runsPerPage: 50_000,
  datasetNameLength: 500,
  datasetDigestLength: 36,
  inputTagKeyLength: 255,
  inputTagValueLength: 500,
} as const;

const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/u;
const EXPERIMENT_ID = /^[a-zA-Z0-9][\w-]{0,63}$/u;
// Word characters (Unicode, as Python's \w), slash, dot, dash, space and colon (colon is refused on Windows only).
const KEY_CHARACTERS = /^[/\p{L}\p{N}_.\- :]*$/u;

/** `Invalid value <json> for parameter '<path>' supplied[: <why>]` — the shape clients match on. */
export function invalidValue(path: string, value: unknown, why?: string): MlflowError {
  // Python's json.dumps escapes non-ASCII characters; clients see the same text from us.
  // Bounded first: a hostile value must not make an error (and a log line) as big as itself.
  const shown = boundedJson(value ?? null).replace(/[\u0080-\uffff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return MlflowError.invalidParameter(`Invalid value ${shown} for parameter '${path}' supplied${why ? `: ${why}` : '.'}`);
}

export function missingValue(path: string): MlflowError {
  return MlflowError.invalidParameter(`Missing value for required parameter '${path}'.`);
}

function joinPath(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field;
}

/** Names become file paths in some stores, so they must normalise to themselves. */
function resolvesElsewhere(name: string): boolean {
  const normalised = normalisePosix(name);
  return normalised !== name || normalised === '.' || normalised.startsWith('..') || normalised.startsWith('/');
}

function normalisePosix(name: string): string {
  if (name === '') return '.';
  const absolute = name.startsWith('/');
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function validateKey(name: unknown, path: string, kind: string): string {
  if (name === undefined || name === null) throw missingValue(path);
  if (typeof name !== 'string') throw invalidValue(path, name, `${kind} name must be a string.`);
  if (!KEY_CHARACTERS.test(name)) {
    throw invalidValue(path, name, 'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).');
  }
  if (resolvesElsewhere(name)) {
    throw invalidValue(path, name, `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${normalisePosix(name)}'`);
  }
  if (longerThan(name, LIMITS.entityKeyLength)) throw exceedsLength(path, LIMITS.entityKeyLength);
  return name;
}

/**
 * Length as MLflow (Python) counts it: in code points, so an emoji is one character, not two
 * UTF-16 units. Only strings longer than the limit in units need counting.
 */
export function longerThan(value: string, limit: number): boolean {
  return value.length > limit && firstCodePoints(value, limit).length < value.length;
}

/** The first `limit` code points of `value`. */
function firstCodePoints(value: string, limit: number): string {
  let end = 0;
  for (let taken = 0; taken < limit && end < value.length; taken++) {
    const unit = value.charCodeAt(end);
    const pair = unit >= 0xd800 && unit <= 0xdbff && end + 1 < value.length && (value.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
    end += pair ? 2 : 1;
  }
  return value.slice(0, end);
}

export function exceedsLength(path: string, limit: number): MlflowError {
  return MlflowError.invalidParameter(`'${path}' exceeds the maximum length of ${limit} characters`);
}

/** MLflow truncates over-long param and tag values by default (MLFLOW_TRUNCATE_LONG_VALUES). */
function limitValue(value: string, limit: number, path: string, truncate: boolean): string {
  if (!longerThan(value, limit)) return value;
  // By code points, as MLflow truncates: a cut never leaves half of a surrogate pair.
  if (truncate) return firstCodePoints(value, limit);
  throw exceedsLength(path, limit);
}

const truncateLongValues = () => (process.env.MLFLOW_TRUNCATE_LONG_VALUES ?? 'true').toLowerCase() !== 'false';

export function validateMetric(metric: Metric, path = ''): Metric {
  const key = validateKey(metric.key, joinPath(path, 'name'), 'Metric');
  const { value, timestamp, step } = metric as { value: unknown; timestamp: unknown; step: unknown };
  if (value === undefined || value === null) throw missingValue(joinPath(path, 'value'));
  if (typeof value !== 'number') {
    throw invalidValue(joinPath(path, 'value'), value, `(timestamp=${boundedQuote(String(timestamp))}). Please specify value as a valid double (64-bit floating point)`);
  }
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) {
    throw invalidValue(joinPath(path, 'timestamp'), timestamp, `metric '${key}' (value=${value}). Timestamp must be a nonnegative long (64-bit integer) `);
  }
  if (typeof step !== 'number' || !Number.isFinite(step)) {
    throw invalidValue(joinPath(path, 'step'), step, `metric '${key}' (value=${value}). Step must be a valid long (64-bit integer).`);
  }
  return { key, value, timestamp: Math.trunc(timestamp), step: Math.trunc(step) };
}

function validateStringValue(value: unknown, path: string): string {
  if (value === undefined || value === null) throw missingValue(path);
  if (typeof value !== 'string') throw invalidValue(path, value, 'Value must be a string.');
  return value;
}

export function validateParam(param: Param, path = ''): Param {
  const key = validateKey(param.key, joinPath(path, 'key'), 'Param');
  const value = validateStringValue(param.value, joinPath(path, 'value'));
  return { key, value: limitValue(value, LIMITS.paramValueLength, joinPath(path, 'value'), truncateLongValues()) };
}

export function validateTag(tag: Tag, path = ''): Tag {
  const key = validateKey(tag.key, joinPath(path, 'key'), 'Tag');
  const value = validateStringValue(tag.value, joinPath(path, 'value'));
  return { key, value: limitValue(value, LIMITS.tagValueLength, joinPath(path, 'value'), truncateLongValues()) };
}

export function validateExperimentTag(tag: Tag): Tag {
  const key = validateKey(tag.key, 'key', 'Tag');
  if (longerThan(key, LIMITS.experimentTagKeyLength)) throw exceedsLength('key', LIMITS.experimentTagKeyLength);
  const value = validateStringValue(tag.value, 'value');
  if (longerThan(value, LIMITS.experimentTagValueLength)) throw exceedsLength('value', LIMITS.experimentTagValueLength);
  return { key, value };
}

export function validateRunId(runId: unknown, path = 'run_id'): string {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) throw invalidValue(path, runId ?? '');
  return runId;
}

export function validateExperimentId(experimentId: unknown): string {
  if (typeof experimentId !== 'string' || !EXPERIMENT_ID.test(experimentId)) {
    throw MlflowError.invalidParameter(`Invalid experiment ID: '${String(experimentId)}'`);
  }
  return experimentId;
}

/**
 * An experiment id as mlflow 3.18 reads it, with Python's int(): " 7", "+7" and "1_000" are
 * ids; "1.0", "1e3" and "abc" are refused as INVALID_PARAMETER_VALUE (not "does not exist").
 */
export function experimentIdNumber(experimentId: string): number {
  const trimmed = experimentId.trim();
  if (!/^[+-]?[0-9](?:_?[0-9])*$/u.test(trimmed)) {
    throw MlflowError.invalidParameter(`Invalid experiment ID ${boundedQuote(experimentId)}. Experiment ID must be a valid integer.`);
  }
  return Number(trimmed.replaceAll('_', ''));
}

export function validateExperimentName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw MlflowError.invalidParameter(`Invalid experiment name: '${String(name ?? '')}'`);
  }
  if (longerThan(name, LIMITS.experimentNameLength)) throw exceedsLength('name', LIMITS.experimentNameLength);
  return name;
}

export function validateMaxResults(maxResults: number | undefined, fallback: number, limit: number, what = 'max_results'): number {
  if (maxResults === undefined || maxResults === null) return fallback;
  if (!Number.isInteger(maxResults) || maxResults <= 0 || maxResults > limit) {
    throw MlflowError.invalidParameter(`Invalid value ${maxResults} for parameter '${what}' supplied. It must be a positive integer at most ${limit}.`);
  }
  return maxResults;
}

function batchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw MlflowError.invalidParameter(`A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. Please split up ${entity} across multiple requests and try again.`);
  }
}

export interface ValidBatch {
  metrics: Metric[];
  params: Param[];
  tags: Tag[];
}

/** Validates a whole batch before anything is written: one bad entity rejects all of it. */
export function validateBatch(metrics: Metric[] = [], params: Param[] = [], tags: Tag[] = []): ValidBatch {
  batchLimit('metrics', LIMITS.metricsPerBatch, metrics.length);
  batchLimit('params', LIMITS.paramsTagsPerBatch, params.length);
  batchLimit('tags', LIMITS.paramsTagsPerBatch, tags.length);
  batchLimit('metrics, params, and tags', LIMITS.entitiesPerBatch, metrics.length + params.length + tags.length);
  const valid = {
    metrics: metrics.map((m, i) => validateMetric(m, `metrics[${i}]`)),
    params: params.map((p, i) => validateParam(p, `params[${i}]`)),
    tags: tags.map((t, i) => validateTag(t, `tags[${i}]`)),
  };
  const seen = new Set<string>();
  const duplicates = valid.params.filter((p) => (seen.has(p.key) ? true : (seen.add(p.key), false))).map((p) => p.key);
  if (duplicates.length > 0) {
    throw MlflowError.invalidParameter(`Duplicate parameter keys have been submitted: ${JSON.stringify(duplicates)}. Please ensure the request contains only one param value per param key.`);
  }
  return valid;
}
