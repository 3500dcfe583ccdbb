// Where an artifact row's file lives: a run's artifacts or a logged model's. No vscode import.
import type { ArtifactNode } from '../treeNodes.ts';
import type { ArtifactLocation } from './artifactUri.ts';

/** The `runlens-artifact:` location of the row's file. */
export function artifactLocationOf(node: ArtifactNode): ArtifactLocation {
  return node.model
    ? { owner: 'models', id: node.model.modelId, path: node.path }
    : { owner: 'runs', id: node.run.info.runId, path: node.path };
}

/** The artifact root `node.path` is relative to. */
export function artifactRootOf(node: ArtifactNode): string {
  return node.model ? node.model.artifactUri : node.run.info.artifactUri;
}

/** "run 'forest-run' (…)" or "logged model 'iris' (m-…)", for messages. */
export function artifactOwnerText(node: ArtifactNode): string {
  return node.model
    ? `logged model '${node.model.name}' (${node.model.modelId})`
    : `run '${node.run.info.runName || node.run.info.runId}' (${node.run.info.runId})`;
}
