// A run's MLflow 3 logged models as the Experiments view shows them. MLflow 3 keeps them under
// the experiment (models/m-…/artifacts), not in the run's artifacts. No vscode import.
import type { LoggedModel, Run } from '../../shared/entities.ts';
import type { TrackingStore } from '../../store/trackingStore.ts';

/** MLflow 2's run tag listing the models logged into the run's artifacts (MLflow 3 no longer writes it). */
export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';
/** The logged-model tag MLflow 3 sets when a version is registered from the model. */
export const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

const MODELS_PAGE = 100;
/** An experiment's models looked up per page of runs; past this, runs may miss their Models row. */
export const MAX_EXPERIMENT_MODELS = 5000;

/** The experiment's live logged models, grouped by source run: one search (paged) per experiment. */
export async function loggedModelsByRun(tracking: TrackingStore, experimentId: string, signal?: AbortSignal): Promise<Map<string, LoggedModel[]>> {
  const byRun = new Map<string, LoggedModel[]>();
  let seen = 0;
  let pageToken: string | undefined;
  do {
    if (signal?.aborted) break;
    const page = await tracking.searchLoggedModels({ experimentIds: [experimentId], maxResults: MODELS_PAGE, pageToken });
    seen += page.items.length;
    for (const model of page.items) {
      if (!model.sourceRunId || model.lifecycleStage === 'deleted') continue;
      byRun.set(model.sourceRunId, [...(byRun.get(model.sourceRunId) ?? []), model]);
    }
    pageToken = page.nextPageToken;
  } while (pageToken && seen < MAX_EXPERIMENT_MODELS);
  return byRun;
}

/** Whether Register Model has something to offer: logged models, or MLflow 2's log-model history tag. */
export function runHasModel(run: Run, models: readonly LoggedModel[] | undefined): boolean {
  return (models?.length ?? 0) > 0 || run.data.tags.some((tag) => tag.key === LOG_MODEL_HISTORY_TAG);
}

export interface RegisteredVersionRef {
  name: string;
  version: string;
}

/** The registry versions made from the model, as its `mlflow.modelVersions` tag records them. */
export function registeredVersions(model: LoggedModel): RegisteredVersionRef[] {
  const value = model.tags.find((tag) => tag.key === MODEL_VERSIONS_TAG)?.value;
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((entry): entry is { name: unknown; version: unknown } => typeof entry === 'object' && entry !== null && 'name' in entry && 'version' in entry)
      .filter((entry) => typeof entry.name === 'string' && (typeof entry.version === 'number' || typeof entry.version === 'string'))
      .map((entry) => ({ name: entry.name as string, version: String(entry.version) }));
  } catch {
    return [];
  }
}

/** The flavors an MLmodel file declares (the keys under its top-level `flavors:`), in file order. */
export function mlmodelFlavors(text: string): string[] {
  const flavors: string[] = [];
  let inside = false;
  let indent: number | undefined;
  for (const line of text.split(/\r?\n/u)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const depth = line.length - line.trimStart().length;
    if (depth === 0) {
      inside = /^flavors:\s*$/u.test(line);
      continue;
    }
    if (!inside) continue;
    indent ??= depth;
    const key = depth === indent ? /^\s*([^\s:#][^:]*):/u.exec(line)?.[1] : undefined;
    if (key) flavors.push(key.trim());
  }
  return flavors;
}

/** "sklearn · iris-model v2": the model's own flavor (python_function is every model's) and its versions. */
export function loggedModelDescription(model: LoggedModel, flavors: readonly string[] | undefined): string {
  const parts: string[] = [];
  const own = flavors?.filter((flavor) => flavor !== 'python_function') ?? [];
  const flavor = own.length > 0 ? own.join(', ') : (flavors?.[0] ?? model.modelType);
  if (flavor) parts.push(flavor);
  const versions = registeredVersions(model);
  if (versions.length > 0) parts.push(versions.map((v) => `${v.name} v${v.version}`).join(', '));
  if (model.status === 'LOGGED_MODEL_PENDING') parts.push('pending');
  if (model.status === 'LOGGED_MODEL_UPLOAD_FAILED') parts.push('upload failed');
  return parts.join(' · ');
}
