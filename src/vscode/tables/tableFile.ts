// The local file the table worker reads for an editor's URI: a workspace file where it is, an
// artifact under a local root where the store keeps it, any other artifact downloaded to a temp
// file through its repository first (removed when the editor closes).
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ArtifactFileSystem } from '../artifacts/artifactFileSystem.ts';
import { localArtifactPath } from '../artifacts/artifactLocalPath.ts';
import { ARTIFACT_SCHEME, parseArtifactUriPath } from '../artifacts/artifactUri.ts';
import { UserError } from '../userError.ts';

export interface LocalTableFile {
  file: string;
  /** Deletes a downloaded copy; nothing for files read where they are. */
  release(): Promise<void>;
}

const keep = async (): Promise<void> => undefined;

export async function localTableFile(uri: vscode.Uri, artifacts: ArtifactFileSystem, signal: AbortSignal): Promise<LocalTableFile> {
  if (uri.scheme === 'file') return { file: uri.fsPath, release: keep };
  if (uri.scheme !== ARTIFACT_SCHEME) throw new UserError(`RunLens reads tables from files on this machine and from run artifacts, not from ${uri.scheme}: URIs.`);
  const location = parseArtifactUriPath(uri.path);
  const repository = await artifacts.repositoryFor(location);
  const local = localArtifactPath(repository.rootUri, location.path);
  if (local) {
    if (!(await access(local).then(() => true, () => false))) throw new UserError(`'${location.path}' is no longer at ${local}.`);
    return { file: local, release: keep };
  }
  const temp = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${path.posix.basename(location.path)}`, cancellable: true }, (_progress, token) => {
    const controller = new AbortController();
    const stop = token.onCancellationRequested(() => controller.abort());
    const both = AbortSignal.any([signal, controller.signal]);
    return repository.download(location.path, { signal: both }).finally(() => stop.dispose());
  });
  return { file: temp, release: () => rm(path.dirname(temp), { recursive: true, force: true }) };
}
