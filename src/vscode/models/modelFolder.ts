// Where a model version's files are, as a `runlens-artifact:` location: the MLflow 3 logged model
// it was registered from, or the folder of its source run's artifacts that its source names.
// No vscode import: unit-tested under plain Node (the lookup on a real SQLite store).
import type { ModelVersion } from '../../shared/entities.ts';
import { parseRunsUri } from '../../store/artifacts/modelUris.ts';
import { artifactUriPath, type ArtifactLocation } from '../artifacts/artifactUri.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { loggedModelIdOf } from '../../describe/modelLabels.ts';

/** What the registry and the tracking store say about where the version's files are. */
export interface ModelFolderFacts {
  /** registry.getModelVersionDownloadUri: the storage location, else the source. */
  downloadUri?: string;
  /** The artifact root of the version's source run. */
  runArtifactUri?: string;
}

/** `file:///x` and `/x` name the same local folder; trailing slashes say nothing. */
function comparable(uri: string): string {
  const local = /^file:\/\/(?:localhost)?(\/.*)$/iu.exec(uri);
  const trimmed = (local ? decodeURIComponent(local[1]) : uri).replace(/\/+$/u, '');
  return trimmed;
}

/** `uri` relative to `root` ('' for the root itself), or undefined when it lies elsewhere. */
export function pathWithinRoot(root: string, uri: string): string | undefined {
  const base = comparable(root);
  const target = comparable(uri);
  if (base === '') return undefined;
  if (target === base) return '';
  return target.startsWith(`${base}/`) ? target.slice(base.length + 1) : undefined;
}

function runsUriLocation(uri: string): ArtifactLocation | undefined {
  if (!/^runs:/iu.test(uri)) return undefined;
  try {
    const { runId, artifactPath } = parseRunsUri(uri);
    const location: ArtifactLocation = { owner: 'runs', id: runId, path: artifactPath };
    // Only what a runlens-artifact URI can name (no '..' for a run id).
    artifactUriPath(location);
    return location;
  } catch {
    return undefined;
  }
}

/**
 * The version's model folder, or undefined when its files are neither a logged model's nor inside
 * its source run's artifacts (a source copied elsewhere, a run that is gone).
 */
export function modelFolderLocation(version: Pick<ModelVersion, 'modelId' | 'source' | 'runId'>, facts: ModelFolderFacts): ArtifactLocation | undefined {
  const modelId = loggedModelIdOf(version);
  if (modelId) return { owner: 'models', id: modelId, path: '' };
  for (const uri of [facts.downloadUri, version.source]) {
    if (!uri) continue;
    const fromRunsUri = runsUriLocation(uri);
    if (fromRunsUri) return fromRunsUri;
    if (version.runId && facts.runArtifactUri) {
      const relative = pathWithinRoot(facts.runArtifactUri, uri);
      if (relative !== undefined) return { owner: 'runs', id: version.runId, path: relative };
    }
  }
  return undefined;
}

/** Finds the version's model folder through the store (download URI, source run); undefined when it lies elsewhere. */
export async function findModelFolder(store: Pick<OpenedStore, 'tracking' | 'registry'>, version: ModelVersion): Promise<ArtifactLocation | undefined> {
  if (loggedModelIdOf(version)) return modelFolderLocation(version, {});
  const [downloadUri, run] = await Promise.all([
    store.registry.getModelVersionDownloadUri(version.name, version.version).catch(() => undefined),
    version.runId ? store.tracking.getRun(version.runId).catch(() => undefined) : undefined,
  ]);
  return modelFolderLocation(version, { downloadUri, runArtifactUri: run?.info.artifactUri });
}
