// MLflow's validation rules for the model registry (limits and message shapes as mlflow 3.18 answers).
import type { ModelVersionStage, Tag } from '../shared/entities.ts';
import { MODEL_VERSION_STAGES } from '../shared/entities.ts';
import { MlflowError } from '../shared/errors.ts';
import { exceedsLength, invalidValue, missingValue } from './validation.ts';

export const REGISTRY_LIMITS = {
  tagKeyLength: 250,
  tagValueLength: 100_000,
  aliasLength: 255,
  registeredModelsPerPageDefault: 100,
  registeredModelsPerPage: 1000,
  modelVersionsPerPageDefault: 10_000,
  modelVersionsPerPage: 200_000,
} as const;

/** The only stages `archive_existing_versions` may move other versions out of. */
export const ACTIVE_STAGES: readonly ModelVersionStage[] = ['Staging', 'Production'];
/** `latest` (any case) always means the highest live version, so it cannot be assigned. */
export const LATEST_ALIAS = 'latest';
const PROMPT_TEXT_TAG_KEY = 'mlflow.prompt.text';

// mlflow matches with Python's Unicode-aware \w and \d, so letters and digits of any script count.
const TAG_KEY_CHARACTERS = /^[/\p{L}\p{N}_.\- :]*$/u;
const ALIAS_CHARACTERS = /^[\p{L}\p{N}_-]*$/u;
const VERSION_ALIAS = /^[vV]\p{Nd}+$/u;
// What Python's int() accepts: optional sign and surrounding blanks, underscores between digits.
const INTEGER_TEXT = /^\s*[+-]?\d+(?:_\d+)*\s*$/u;

/** Python's posixpath.normpath, for "this name would resolve to …". */
export function normalisePosixLikePython(name: string): string {
  if (name === '') return '.';
  const leading = name.startsWith('//') && !name.startsWith('///') ? 2 : name.startsWith('/') ? 1 : 0;
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..' || (leading === 0 && parts.length === 0) || parts[parts.length - 1] === '..') parts.push(part);
    else if (parts.length > 0) parts.pop();
  }
  return '/'.repeat(leading) + parts.join('/') || '.';
}

/** Names become file paths in some stores, so they must normalise to themselves. */
function resolvesElsewhere(name: string): boolean {
  const normalised = normalisePosixLikePython(name);
  return normalised !== name || normalised === '.' || normalised.startsWith('..') || normalised.startsWith('/');
}

function badPathMessage(name: string): string {
  return `Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${normalisePosixLikePython(name)}'`;
}

export function validateModelName(name: unknown, path = 'name'): string {
  if (name === undefined || name === null || (typeof name === 'string' && name.trim() === '')) throw missingValue(path);
  if (typeof name !== 'string') throw invalidValue(path, name, 'Model name must be a string.');
  if (name.includes('/') || name.includes(':')) {
    throw MlflowError.invalidParameter(`Invalid model name '${name}'. Names cannot contain '/' or ':'.`);
  }
  if (resolvesElsewhere(name)) throw invalidValue(path, name, badPathMessage(name));
  return name;
}

/** The target of a rename: a missing value is reported as `new_name`. */
export function validateNewModelName(newName: unknown): string {
  if (newName === undefined || newName === null || String(newName).trim() === '') throw missingValue('new_name');
  return validateModelName(newName);
}

/** Versions are integers; like mlflow, any text Python's int() takes is accepted. */
export function parseModelVersion(version: unknown): number {
  const text = typeof version === 'number' ? String(version) : version;
  const parsed = typeof text === 'string' && INTEGER_TEXT.test(text) ? Number(text.replaceAll('_', '')) : NaN;
  if (!Number.isSafeInteger(parsed)) {
    throw MlflowError.invalidParameter(`Parameter 'version' must be an integer, got '${String(version ?? '')}'.`);
  }
  return parsed;
}

/** None / Staging / Production / Archived in any case → the canonical spelling. */
export function canonicalStage(stage: unknown): ModelVersionStage {
  const wanted = typeof stage === 'string' ? stage.toLowerCase() : undefined;
  const found = MODEL_VERSION_STAGES.find((s) => s.toLowerCase() === wanted);
  if (!found) {
    throw MlflowError.invalidParameter(`Invalid Model Version stage: ${String(stage)}. Value must be one of ${MODEL_VERSION_STAGES.join(', ')}.`);
  }
  return found;
}

export function validateAliasName(alias: unknown): string {
  if (alias === undefined || alias === null || alias === '') {
    throw MlflowError.invalidParameter('Registered model alias name cannot be empty.');
  }
  if (typeof alias !== 'string' || !ALIAS_CHARACTERS.test(alias)) {
    throw MlflowError.invalidParameter(`Invalid alias name: '${String(alias)}'. Names may only contain alphanumerics, underscores (_), and dashes (-).`);
  }
  if (alias.length > REGISTRY_LIMITS.aliasLength) throw exceedsLength('Registered model alias name', REGISTRY_LIMITS.aliasLength);
  return alias;
}

/** Aliases a user may assign: not `latest` and not a version name such as `v3`. */
export function validateAssignableAlias(alias: unknown): string {
  const valid = validateAliasName(alias);
  if (valid.toLowerCase() === LATEST_ALIAS) {
    throw MlflowError.invalidParameter(`'${LATEST_ALIAS}' alias name (case insensitive) is reserved.`);
  }
  if (VERSION_ALIAS.test(valid)) throw MlflowError.invalidParameter(`Version alias name '${valid}' is reserved.`);
  return valid;
}

export function validateTagKey(key: unknown, path = 'key'): string {
  if (key === undefined || key === null) throw missingValue(path);
  if (typeof key !== 'string' || !TAG_KEY_CHARACTERS.test(key)) {
    throw invalidValue(path, key, 'Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).');
  }
  if (resolvesElsewhere(key)) throw invalidValue(path, key, badPathMessage(key));
  return key;
}

function validateTagValueLength(value: string | null, path: string): void {
  if (value !== null && value.length > REGISTRY_LIMITS.tagValueLength) throw exceedsLength(path, REGISTRY_LIMITS.tagValueLength);
}

function validateTagKeyLength(key: string, path: string): void {
  if (key.length > REGISTRY_LIMITS.tagKeyLength) throw exceedsLength(path, REGISTRY_LIMITS.tagKeyLength);
}

/** A registered-model tag. mlflow lets its value be absent (stored as NULL). */
export function validateRegisteredModelTag(tag: Tag): { key: string; value: string | null } {
  const key = validateTagKey(tag?.key);
  validateTagKeyLength(key, 'key');
  const raw = tag.value as unknown;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') throw invalidValue('value', raw, 'Tag value must be a string.');
  const value = (raw as string | undefined) ?? null;
  validateTagValueLength(value, 'value');
  return { key, value };
}

/** A model-version tag: unlike model tags, its value is required. */
export function validateModelVersionTag(tag: Tag): Tag {
  const key = validateTagKey(tag?.key);
  const raw = tag.value as unknown;
  if (raw === undefined || raw === null) throw MlflowError.invalidParameter("Tag value cannot be None (parameter 'value').");
  if (typeof raw !== 'string') throw invalidValue('value', raw, 'Tag value must be a string.');
  validateTagKeyLength(key, 'key');
  if (key === PROMPT_TEXT_TAG_KEY && raw.length > REGISTRY_LIMITS.tagValueLength) {
    throw MlflowError.invalidParameter(`Prompt text exceeds max length of ${REGISTRY_LIMITS.tagValueLength} characters.`);
  }
  validateTagValueLength(raw, 'value');
  return { key, value: raw };
}

/** Later tags with the same key win, as when mlflow builds its key → value dict. */
export function lastValuePerKey<T extends { key: string }>(tags: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const tag of tags) byKey.set(tag.key, tag);
  return [...byKey.values()];
}

function maxResultsError(limit: number, value: unknown): MlflowError {
  return MlflowError.invalidParameter(`Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${String(value)}`);
}

/** max_results of a registry search: a positive integer up to the limit, or the default. */
export function validateRegistryMaxResults(maxResults: unknown, fallback: number, limit: number): number {
  if (maxResults === undefined || maxResults === null) return fallback;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1) {
    throw MlflowError.invalidParameter(`Invalid value for max_results. It must be a positive integer, but got ${String(maxResults)}`);
  }
  if (maxResults > limit) throw maxResultsError(limit, maxResults);
  return maxResults;
}
