// A run's models, as Register Model offers them: the MLmodel folders among its artifacts (MLflow 2
// style, or log_artifacts of a saved model) and its MLflow 3 logged models. Each carries the
// `source` a version records when mlflow.register_model is given that model. No vscode import.
import type { LoggedModel, Run } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { ArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import { appendToArtifactUri } from '../../store/sqlite/schema/artifactLocation.ts';
import type { TrackingStore } from '../../store/trackingStore.ts';

export const MLMODEL_FILE = 'MLmodel';

export interface RunModelCandidate {
  kind: 'artifact' | 'loggedModel';
  /** The artifact folder, or the logged model's name. */
  label: string;
  /** What register_model is given: `runs:/<run_id>/<path>` or `models:/<model_id>`. */
  modelUri: string;
  /**
   * What the new version records as its source: mlflow.register_model turns a runs:/ URI whose
   * folder holds an MLmodel into the run's underlying artifact URI, and keeps `models:/<model_id>`.
   */
  source: string;
  runId: string;
  artifactPath?: string;
  modelId?: string;
}

export interface FindRunModelsOptions {
  /** Folder levels below the artifact root that are searched (the root is level 0). */
  maxDepth?: number;
  /** Listing entries read in all, so a run with huge artifact trees stays quick. */
  maxEntries?: number;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_DEPTH = 4;
export const DEFAULT_MAX_ENTRIES = 5000;

function baseName(entryPath: string): string {
  return entryPath.slice(entryPath.lastIndexOf('/') + 1);
}

/**
 * Folders (relative to the repository root, '' for the root) that directly hold an MLmodel file,
 * breadth-first, sorted by path. A model folder is not searched further: what is below belongs to it.
 */
export async function findMlmodelFolders(artifacts: ArtifactRepository, options: FindRunModelsOptions = {}): Promise<string[]> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  let budget = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const found: string[] = [];
  let level = [''];
  for (let depth = 0; depth <= maxDepth && level.length > 0 && budget > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (budget <= 0) break;
      const subfolders: string[] = [];
      let holdsModel = false;
      let pageToken: string | undefined;
      do {
        const page = await artifacts.list(folder, pageToken, options.signal);
        budget -= page.items.length;
        for (const entry of page.items) {
          if (entry.isDir) subfolders.push(entry.path);
          else if (baseName(entry.path) === MLMODEL_FILE) holdsModel = true;
        }
        pageToken = budget > 0 ? page.nextPageToken : undefined;
      } while (pageToken);
      if (holdsModel) found.push(folder);
      else next.push(...subfolders);
    }
    level = next;
  }
  return found.sort();
}

/** The run's live logged models (source_run_id = the run), newest first as the store answers. */
export async function findRunLoggedModels(run: Run, tracking: TrackingStore, signal?: AbortSignal): Promise<LoggedModel[]> {
  const { runId, experimentId } = run.info;
  const search = async (filter: string | undefined): Promise<LoggedModel[]> => {
    const models: LoggedModel[] = [];
    let pageToken: string | undefined;
    do {
      if (signal?.aborted) throw new MlflowError('CANCELLED', 'Looking for the run\'s logged models was cancelled.');
      const page = await tracking.searchLoggedModels({ experimentIds: [experimentId], filter, maxResults: 100, pageToken });
      models.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken && models.length < 10_000);
    return models;
  };
  let models: LoggedModel[];
  // Run ids are hex; anything else cannot go into a filter literal, so it is matched here instead.
  const filterable = /^[\w-]+$/u.test(runId);
  try {
    models = await search(filterable ? `source_run_id = '${runId}'` : undefined);
  } catch (error) {
    // A store that cannot filter on source_run_id still lists the experiment's models.
    if (!(filterable && error instanceof MlflowError && error.code === 'INVALID_PARAMETER_VALUE')) throw error;
    models = await search(undefined);
  }
  return models.filter((m) => m.sourceRunId === runId && m.lifecycleStage !== 'deleted');
}

export function artifactCandidate(run: Run, artifactPath: string): RunModelCandidate {
  const { runId, artifactUri } = run.info;
  return {
    kind: 'artifact',
    label: artifactPath || '(artifact root)',
    modelUri: artifactPath ? `runs:/${runId}/${artifactPath}` : `runs:/${runId}`,
    source: artifactPath ? appendToArtifactUri(artifactUri, artifactPath) : artifactUri,
    runId,
    artifactPath,
  };
}

export function loggedModelCandidate(model: LoggedModel, runId: string): RunModelCandidate {
  const modelUri = `models:/${model.modelId}`;
  return { kind: 'loggedModel', label: model.name, modelUri, source: modelUri, runId, modelId: model.modelId };
}

/** MLmodel folders first (by path), then logged models (newest first). */
export async function findRunModels(run: Run, tracking: TrackingStore, artifacts: ArtifactRepository, options: FindRunModelsOptions = {}): Promise<RunModelCandidate[]> {
  const [folders, logged] = await Promise.all([
    findMlmodelFolders(artifacts, options),
    findRunLoggedModels(run, tracking, options.signal),
  ]);
  return [...folders.map((folder) => artifactCandidate(run, folder)), ...logged.map((model) => loggedModelCandidate(model, run.info.runId))];
}

/** The candidate a caller named by its model URI, source, label, artifact path or model id. */
export function chooseCandidate(candidates: readonly RunModelCandidate[], wanted: string): RunModelCandidate | undefined {
  const trimmed = wanted.replace(/\/+$/u, '');
  return candidates.find((c) => c.modelUri === trimmed || c.source === trimmed)
    ?? candidates.find((c) => c.artifactPath === trimmed || c.modelId === trimmed)
    ?? candidates.find((c) => c.label === trimmed);
}
