// The rules RunLens checks before run writes (the run commands and the agent tools): what a run
// name, tag key, tag value or note may be, and which runs can be closed by hand.
import type { RunStatus } from '../shared/entities.ts';
import { MlflowError } from '../shared/errors.ts';
import { LIMITS, validateKey } from './validation.ts';

export const RUN_NAME_TAG = 'mlflow.runName';
/** MLflow's run description (the UI's "Description"), markdown. */
export const NOTE_TAG = 'mlflow.note.content';

/**
 * MLflow does not validate run names itself; its `runs.name` column is VARCHAR(250), which MySQL and
 * PostgreSQL enforce (SQLite does not). A name that fits there fits every backend.
 */
export const RUN_NAME_MAX_LENGTH = 250;
/** Longer tag values are silently truncated by MLflow; we refuse them rather than lose text. */
export const TAG_VALUE_MAX_LENGTH = LIMITS.tagValueLength;

/** Why a run name cannot be used, or undefined when it can. */
export function runNameProblem(name: string): string | undefined {
  // MLflow treats an empty name in update_run as "no change", so an empty rename would silently do nothing.
  if (name.trim() === '') return 'A run name cannot be empty.';
  if (name.length > RUN_NAME_MAX_LENGTH) return `A run name can have at most ${RUN_NAME_MAX_LENGTH} characters (this one has ${name.length}).`;
  return undefined;
}

/** Why a tag key is refused, in MLflow's own words (same characters, path and length rules). */
export function tagKeyProblem(key: string): string | undefined {
  try {
    validateKey(key, 'key', 'Tag');
    return undefined;
  } catch (error) {
    if (error instanceof MlflowError) return error.message;
    throw error;
  }
}

/** Why a tag value (or note) is refused, or undefined. */
export function tagValueProblem(value: string, what = 'A tag value'): string | undefined {
  if (value.length > TAG_VALUE_MAX_LENGTH) return `${what} can have at most ${TAG_VALUE_MAX_LENGTH} characters (this one has ${value.length}); MLflow would cut the rest off.`;
  return undefined;
}

/** Statuses a stale run can be closed with by hand. */
export type ClosingStatus = Extract<RunStatus, 'KILLED' | 'FAILED'>;

/** Why a run cannot be marked KILLED/FAILED, or undefined when it is still RUNNING. */
export function closeRunProblem(runName: string, status: RunStatus, target: ClosingStatus): string | undefined {
  if (status === 'RUNNING') return undefined;
  return `Run ${runName} is ${status}, not RUNNING: only a running run can be marked ${target}.`;
}
