// What Compare Model Versions shows: which model files are diffed, their titles, which source runs
// go to Compare Runs, and the choices of the version to compare with. No vscode import.
import type { ModelVersion } from '../../shared/entities.ts';
import { newestVersionsFirst, versionDescription } from '../../describe/modelLabels.ts';

/** The files of an MLflow model folder that say what the model is and what it needs, in diff order. */
export const COMPARED_FILES = ['MLmodel', 'requirements.txt', 'conda.yaml', 'python_env.yaml', 'input_example.json'] as const;
export type ComparedFile = typeof COMPARED_FILES[number];

export interface VersionRef {
  name: string;
  version: string;
}

/** Older on the left, as a diff reads: versions of one model by number, otherwise as given. */
export function orderedPair<T extends { version: VersionRef }>(a: T, b: T): [T, T] {
  if (a.version.name === b.version.name && Number(b.version.version) < Number(a.version.version)) return [b, a];
  return [a, b];
}

/** `iris-model v1 ↔ v2`, or `a v1 ↔ b v3` across models. */
export function pairLabel(left: VersionRef, right: VersionRef): string {
  return left.name === right.name
    ? `${left.name} v${left.version} ↔ v${right.version}`
    : `${left.name} v${left.version} ↔ ${right.name} v${right.version}`;
}

/** The diff editor's title: `iris-model v1 ↔ v2: requirements.txt`. */
export function diffTitle(left: VersionRef, right: VersionRef, file: string): string {
  return `${pairLabel(left, right)}: ${file}`;
}

export interface FilePresence {
  file: ComparedFile;
  left: boolean;
  right: boolean;
}

/**
 * The compared files either side has, in COMPARED_FILES order; a side whose folder could not be
 * listed (undefined) counts as having none.
 */
export function filesToCompare(left: ReadonlySet<string> | undefined, right: ReadonlySet<string> | undefined): FilePresence[] {
  return COMPARED_FILES
    .map((file) => ({ file, left: left?.has(file) ?? false, right: right?.has(file) ?? false }))
    .filter((f) => f.left || f.right);
}

export interface RunsToCompare {
  /** Distinct source runs, left first. */
  runIds: string[];
  /** Why Compare Runs is not opened, when it is not. */
  note?: string;
}

/** Compare Runs needs two different source runs. */
export function sourceRunsToCompare(left: Pick<ModelVersion, 'name' | 'version' | 'runId'>, right: Pick<ModelVersion, 'name' | 'version' | 'runId'>): RunsToCompare {
  const missing = [left, right].filter((v) => !v.runId).map((v) => `${v.name} version ${v.version}`);
  const runIds = [...new Set([left.runId, right.runId].filter((id): id is string => Boolean(id)))];
  if (missing.length > 0) return { runIds, note: `${missing.join(' and ')} ${missing.length === 1 ? 'has' : 'have'} no source run, so there are no runs to compare.` };
  if (runIds.length === 1) return { runIds, note: `Both versions come from run ${runIds[0]}, so there are no runs to compare.` };
  return { runIds };
}

export interface VersionChoice {
  label: string;
  description: string;
  version: string;
}

/** The other versions of the model, newest first, with their stage and aliases. */
export function otherVersionChoices(versions: readonly ModelVersion[], current: string, aliasesOf: (version: string) => string[]): VersionChoice[] {
  return newestVersionsFirst(versions)
    .filter((v) => v.version !== current)
    .map((v) => ({ label: `Version ${v.version}`, description: versionDescription(v.currentStage, aliasesOf(v.version)), version: v.version }));
}
