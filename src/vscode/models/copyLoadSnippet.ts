// "Copy Load Snippet": Python that loads a version by its models:/ URI, through pyfunc and through
// its flavor's own loader, read from the version's MLmodel.
import * as vscode from 'vscode';
import { artifactUri } from '../artifacts/artifactCommands.ts';
import type { StoreSession } from '../storeSession.ts';
import { findModelFolder } from './modelFolder.ts';
import type { ModelVersionNode } from './modelNodes.ts';
import { loadSnippet, mlmodelFlavors } from './loadSnippet.ts';
import { chooseModelUri, pickAnyVersion } from './versionPicks.ts';

/** The flavors the version's MLmodel lists; none (pyfunc only) when it cannot be read, logged. */
async function flavorsOf(session: StoreSession, node: ModelVersionNode): Promise<string[]> {
  const { name, version } = node.version;
  try {
    const folder = await findModelFolder(await session.requireStore(), node.version);
    if (!folder) throw new Error(`its source ${node.version.source ?? ''} is not in a run's artifacts or a logged model`);
    const bytes = await vscode.workspace.fs.readFile(artifactUri({ ...folder, path: folder.path ? `${folder.path}/MLmodel` : 'MLmodel' }));
    return mlmodelFlavors(new TextDecoder().decode(bytes));
  } catch (error) {
    session.log.warn(`The MLmodel of ${name} version ${version} could not be read, so the snippet loads it through pyfunc only: ${(error as Error).message}`);
    return [];
  }
}

export async function copyLoadSnippet(session: StoreSession, node: ModelVersionNode | undefined, form?: 'alias' | 'version'): Promise<string | undefined> {
  const target = node ?? (await pickAnyVersion(await session.requireStore(), 'Copy Load Snippet'));
  if (!target) return undefined;
  const uri = await chooseModelUri(target, `Copy Load Snippet of ${target.version.name} version ${target.version.version}`, form);
  if (uri === undefined) return undefined;
  const snippet = loadSnippet(uri, await flavorsOf(session, target));
  await vscode.env.clipboard.writeText(snippet);
  void vscode.window.setStatusBarMessage(`RunLens: copied the load snippet for ${uri}`, 3000);
  return snippet;
}
