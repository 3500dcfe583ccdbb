// `runs:/` and `models:/` URIs resolved to the artifact URI they stand for, the way MLflow 3's
// RunsArtifactRepository and ModelsArtifactRepository resolve them.
import type { LoggedModel, Run } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { ModelRegistryStore } from '../modelRegistryStore.ts';
import { appendToArtifactUri } from '../sqlite/schema/artifactLocation.ts';
import type { TrackingStore } from '../trackingStore.ts';
import { checkArtifactPath, showPath } from './artifactPath.ts';
import { artifactRepositoryFor, type ArtifactRepositoryContext } from './artifactRepositoryFor.ts';

export type ModelUriTarget =
  | { kind: 'loggedModel'; modelId: string }
  | { kind: 'version'; name: string; version: string }
  | { kind: 'alias'; name: string; alias: string }
  | { kind: 'latest'; name: string }
  | { kind: 'stage'; name: string; stage: string };

export interface ParsedModelsUri {
  target: ModelUriTarget;
  /** Path below the model's root ('' for the root): `models:/name/1/MLmodel` → 'MLmodel'. */
  artifactPath: string;
}

export interface ParsedRunsUri {
  runId: string;
  /** Run-relative path, '' for the run's artifact root. */
  artifactPath: string;
}

export interface ModelUriStores {
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  /** How to look into run artifact roots (to tell a run's own files from a logged model's). */
  artifacts?: ArtifactRepositoryContext;
}

// A model version's source may itself be a runs:/ or models:/ URI; a loop is cut off here.
const MAX_INDIRECTIONS = 5;

function malformedModelsUri(uri: string): MlflowError {
  return MlflowError.invalidParameter(
    `Not a proper models:/ URI: '${showPath(uri)}'. Models URIs must be of the form 'models:/<name>/<version>', 'models:/<name>/<stage>', 'models:/<name>/latest', 'models:/<name>@<alias>' or 'models:/<model_id>'.`,
  );
}

function malformedRunsUri(uri: string): MlflowError {
  return MlflowError.invalidParameter(`Not a proper runs:/ URI: '${showPath(uri)}'. Runs URIs must be of the form 'runs:/<run_id>/run-relative/path/to/artifact'.`);
}

/** The artifact path part, checked ('..', backslashes and control characters refused). */
function checkedSubPath(uri: string, subPath: string, malformed: (uri: string) => MlflowError): string {
  try {
    return checkArtifactPath(subPath, { allowEmpty: true });
  } catch {
    throw malformed(uri);
  }
}

export function parseRunsUri(uri: string): ParsedRunsUri {
  const match = /^runs:(\/[^/].*)$/isu.exec(uri);
  if (!match || /[?#]/u.test(uri)) throw malformedRunsUri(uri);
  const [runId, ...rest] = match[1].slice(1).split('/');
  if (runId.trim() === '') throw malformedRunsUri(uri);
  return { runId, artifactPath: checkedSubPath(uri, rest.join('/'), malformedRunsUri) };
}

export function parseModelsUri(uri: string): ParsedModelsUri {
  const match = /^models:(\/[^/].*)$/isu.exec(uri.replace(/\/+$/u, ''));
  // `models:/<name>/` has an empty suffix; MLflow refuses it rather than reading a model ID.
  if (!match || /[?#]/u.test(uri) || /^models:\/[^/]+\/+$/iu.test(uri)) throw malformedModelsUri(uri);
  // `models:/<name>/<suffix>/<path…>` or `models:/<name>@<alias>/<path…>`, as MLflow splits them.
  const segments = match[1].split('/');
  const cut = segments[1].includes('@') ? 2 : 3;
  const parts = segments.slice(1, cut);
  const artifactPath = checkedSubPath(uri, segments.slice(cut).join('/'), malformedModelsUri);
  const [name, suffix] = parts;
  if (name.trim() === '') throw malformedModelsUri(uri);
  if (suffix !== undefined) {
    if (suffix.trim() === '') throw malformedModelsUri(uri);
    if (/^\d+$/u.test(suffix)) return { target: { kind: 'version', name, version: suffix }, artifactPath };
    if (suffix.toLowerCase() === 'latest') return { target: { kind: 'latest', name }, artifactPath };
    return { target: { kind: 'stage', name, stage: suffix }, artifactPath };
  }
  if (name.includes('@')) {
    const at = name.lastIndexOf('@');
    const [modelName, alias] = [name.slice(0, at), name.slice(at + 1)];
    if (modelName.trim() === '' || alias.trim() === '') throw malformedModelsUri(uri);
    return { target: { kind: 'alias', name: modelName, alias }, artifactPath };
  }
  return { target: { kind: 'loggedModel', modelId: name }, artifactPath };
}

/** The highest version among the latest per stage (all stages, or the one given). */
async function latestVersion(registry: ModelRegistryStore, name: string, stage?: string): Promise<string> {
  const latest = await registry.getLatestVersions(name, stage === undefined ? undefined : [stage]);
  if (latest.length === 0) {
    throw MlflowError.notFound(`No versions of model with name '${showPath(name)}'${stage === undefined ? '' : ` and stage '${showPath(stage)}'`} found`);
  }
  return String(Math.max(...latest.map((v) => Number(v.version))));
}

async function modelsUriTarget(parsed: ParsedModelsUri, stores: ModelUriStores): Promise<string> {
  const { target } = parsed;
  const { tracking, registry } = stores;
  switch (target.kind) {
    case 'loggedModel':
      return (await tracking.getLoggedModel(target.modelId)).artifactUri;
    case 'version':
      return registry.getModelVersionDownloadUri(target.name, target.version);
    case 'alias':
      return registry.getModelVersionDownloadUri(target.name, (await registry.getModelVersionByAlias(target.name, target.alias)).version);
    case 'latest':
      return registry.getModelVersionDownloadUri(target.name, await latestVersion(registry, target.name));
    case 'stage':
      return registry.getModelVersionDownloadUri(target.name, await latestVersion(registry, target.name, target.stage));
  }
}

/** The run's active logged model called `name`, newest first, as MLflow's runs:/ fallback finds it. */
async function runLoggedModel(tracking: TrackingStore, run: Run, name: string): Promise<LoggedModel | undefined> {
  const runId = run.info.runId;
  if (!/^[\w-]+$/u.test(runId)) return undefined;
  let pageToken: string | undefined;
  do {
    const page = await tracking.searchLoggedModels({ experimentIds: [run.info.experimentId], filter: `source_run_id = '${runId}'`, pageToken });
    const found = page.items.find((model) => model.name === name && model.sourceRunId === runId);
    if (found) return found;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return undefined;
}

/** Whether the run's own artifacts hold `artifactPath`; false when that cannot be told (e.g. s3:). */
async function runHasArtifact(root: string, artifactPath: string, context: ArtifactRepositoryContext | undefined, signal?: AbortSignal): Promise<boolean> {
  const slash = artifactPath.lastIndexOf('/');
  const parent = slash < 0 ? '' : artifactPath.slice(0, slash);
  try {
    const repository = artifactRepositoryFor(root, context);
    let pageToken: string | undefined;
    do {
      const page = await repository.list(parent, pageToken, signal);
      if (page.items.some((entry) => entry.path === artifactPath)) return true;
      pageToken = page.nextPageToken;
    } while (pageToken);
  } catch (error) {
    if (error instanceof MlflowError && error.code === 'CANCELLED') throw error;
  }
  return false;
}

async function resolveRunsUri(uri: string, stores: ModelUriStores, signal?: AbortSignal): Promise<string> {
  const { runId, artifactPath } = parseRunsUri(uri);
  const run = await stores.tracking.getRun(runId);
  const root = run.info.artifactUri;
  if (artifactPath === '') return root;
  const [modelName, ...rest] = artifactPath.split('/');
  // MLflow 3 keeps a logged model's files with the model, not the run: `runs:/<id>/<name>` reaches them.
  const model = await runLoggedModel(stores.tracking, run, modelName);
  if (model && !(await runHasArtifact(root, artifactPath, stores.artifacts, signal))) {
    return rest.length > 0 ? appendToArtifactUri(model.artifactUri, rest.join('/')) : model.artifactUri;
  }
  return appendToArtifactUri(root, artifactPath);
}

async function resolveWithin(uri: string, stores: ModelUriStores, signal: AbortSignal | undefined, depth: number): Promise<string> {
  if (depth > MAX_INDIRECTIONS) throw MlflowError.invalidParameter(`Model URI '${showPath(uri)}' refers to other model URIs more than ${MAX_INDIRECTIONS} times.`);
  if (/^runs:/iu.test(uri)) return resolveWithin(await resolveRunsUri(uri, stores, signal), stores, signal, depth + 1);
  if (!/^models:/iu.test(uri)) return uri;
  const parsed = parseModelsUri(uri);
  // Resolve the model's own root fully before appending: `models:/m-…` + '/MLmodel' would read as a stage.
  const root = await resolveWithin(await modelsUriTarget(parsed, stores), stores, signal, depth + 1);
  return parsed.artifactPath === '' ? root : appendToArtifactUri(root, parsed.artifactPath);
}

/**
 * The artifact URI a `runs:/` or `models:/` URI stands for, followed through a model version
 * whose source is itself such a URI; any other URI is returned unchanged. Malformed URIs are
 * INVALID_PARAMETER_VALUE naming the URI; missing runs, models and versions RESOURCE_DOES_NOT_EXIST.
 */
export function resolveModelUri(uri: string, stores: ModelUriStores, signal?: AbortSignal): Promise<string> {
  return resolveWithin(uri, stores, signal, 0);
}
