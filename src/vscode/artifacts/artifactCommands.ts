// Artifact commands of the Experiments view: open in an editor tab, compare across runs,
// download, reveal locally. Registers the `runlens-artifact:` file system they all read through.
import { access, open as openFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Run } from '../../shared/entities.ts';
import { baseName } from '../../store/artifacts/artifactPath.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { confirm, registerCommand, withCancellableProgress } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import { isArtifactNode, type ArtifactNode, type RunArtifactNode } from '../treeNodes.ts';
import { itemCommandArgs, stringArg, type ItemCommandArgs } from '../commandArgs.ts';
import { UserError } from '../userError.ts';
import { downloadArtifactFile, downloadArtifactFolder, downloadTarget, targetExists } from './artifactDownload.ts';
import { ArtifactFileSystem } from './artifactFileSystem.ts';
import { localArtifactPath } from './artifactLocalPath.ts';
import { artifactLocationOf, artifactOwnerText, artifactRootOf } from './artifactNodes.ts';
import { OPEN_IN_EDITOR_MAX_BYTES, formatBytes, tooLargeToOpen } from './artifactSizes.ts';
import { ARTIFACT_SCHEME, type ArtifactLocation, artifactUriPath, languageForArtifact } from './artifactUri.ts';
import { TABLE_SNIFF_BYTES, startsLikeLoggedTable, tableArtifactVerdict } from './tableArtifacts.ts';
import { openAsTable } from '../tables/tableEditor.ts';

/** How many recent runs "Compare with…" offers. */
const COMPARE_CANDIDATES = 200;

/** The editor URI of an artifact (what the tree's rows and the editor tabs use). */
export function artifactUri(location: ArtifactLocation): vscode.Uri {
  return vscode.Uri.from({ scheme: ARTIFACT_SCHEME, path: artifactUriPath(location) });
}

/** The editor URI of a run's artifact. */
export function runArtifactUri(run: Run, artifactPath: string): vscode.Uri {
  return artifactUri({ owner: 'runs', id: run.info.runId, path: artifactPath });
}

export interface ComparedArtifacts {
  /** The other run's artifact (the diff's left side). */
  left: string;
  /** The artifact the command was run on (the right side). */
  right: string;
}

function requireArtifact(node: ArtifactNode | undefined, action: string): ArtifactNode {
  if (node?.kind !== 'artifact') throw new UserError(`Choose an artifact in the Experiments view to ${action}.`);
  return node;
}

function requireRunArtifact(node: ArtifactNode, action: string): RunArtifactNode {
  if (node.model) throw new UserError(`'${node.path}' belongs to ${artifactOwnerText(node)}: only a run's own artifacts can be used to ${action}.`);
  return node;
}

function isFileNotFound(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && error.code === 'FileNotFound';
}

/** A folder path from a URI or a plain path; undefined when the caller gave none. */
function folderPathOf(target: vscode.Uri | string | undefined): string | undefined {
  if (target === undefined) return undefined;
  return typeof target === 'string' ? target : target.fsPath;
}

export class ArtifactCommands {
  private readonly session: StoreSession;
  private readonly fileSystem: ArtifactFileSystem;

  constructor(session: StoreSession, fileSystem: ArtifactFileSystem) {
    this.session = session;
    this.fileSystem = fileSystem;
  }

  /** Opens a file in an editor tab (images in VS Code's image preview); returns the URI opened. */
  async open(nodeArg?: ArtifactNode): Promise<string | undefined> {
    const node = requireArtifact(nodeArg, 'open');
    if (node.isDir) return undefined;
    if (await this.opensAsTable(node)) {
      // The table editor streams the file in a worker: no editor size limit applies.
      const uri = artifactUri(artifactLocationOf(node));
      await openAsTable(uri);
      return uri.toString();
    }
    if (tooLargeToOpen(node.fileSize)) {
      const message = `${baseName(node.path)} is ${formatBytes(node.fileSize ?? 0)}, more than the ${formatBytes(OPEN_IN_EDITOR_MAX_BYTES)} RunLens opens in an editor.`;
      const choice = await vscode.window.showWarningMessage(message, 'Download…');
      return choice ? this.download(node) : undefined;
    }
    const uri = artifactUri(artifactLocationOf(node));
    const language = languageForArtifact(node.path);
    if (language && (await vscode.languages.getLanguages()).includes(language)) {
      // Its name says nothing to VS Code: open it as a document in the language it is written in.
      const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
      await vscode.window.showTextDocument(document, { preview: true });
    } else {
      await vscode.commands.executeCommand('vscode.open', uri);
    }
    return uri.toString();
  }

  /** CSV / TSV / Parquet, and JSON that mlflow.log_table wrote (the run's tag says so, or its first bytes on a local store). */
  private async opensAsTable(node: ArtifactNode): Promise<boolean> {
    const verdict = tableArtifactVerdict(node.path, node.model ? undefined : node.run.data.tags);
    if (verdict !== 'maybeJson') return verdict === 'table';
    const store = await this.session.requireStore();
    const local = localArtifactPath(store.artifacts(artifactRootOf(node)).rootUri, node.path);
    if (!local) return false;
    const handle = await openFile(local, 'r').catch(() => undefined);
    if (!handle) return false;
    try {
      const { buffer, bytesRead } = await handle.read({ buffer: Buffer.alloc(TABLE_SNIFF_BYTES) });
      return startsLikeLoggedTable(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  }

  /** Diffs the same artifact of another run (picked, or `otherRunId`) against this one. */
  async compareWith(nodeArg?: ArtifactNode, otherRunId?: string): Promise<ComparedArtifacts | undefined> {
    const node = requireRunArtifact(requireArtifact(nodeArg, 'compare'), 'compare with another run');
    if (node.isDir) throw new UserError(`'${node.path}' is a folder: Compare with… compares files.`);
    const store = await this.session.requireStore();
    const other = otherRunId ? await store.tracking.getRun(otherRunId) : await this.pickOtherRun(store, node);
    if (!other) return undefined;
    const left = runArtifactUri(other, node.path);
    const right = runArtifactUri(node.run, node.path);
    try {
      const stat = await this.fileSystem.stat(left);
      if (stat.type === vscode.FileType.Directory) throw new UserError(`In run '${other.info.runName}', '${node.path}' is a folder, not a file.`);
    } catch (error) {
      if (isFileNotFound(error)) throw new UserError(`Run '${other.info.runName}' (${other.info.runId}) has no artifact '${node.path}'.`);
      throw error;
    }
    const title = `${baseName(node.path)} (${other.info.runName} ↔ ${node.run.info.runName})`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
    return { left: left.toString(), right: right.toString() };
  }

  /** Other runs of the same experiment, newest first; undefined when dismissed. */
  private async pickOtherRun(store: OpenedStore, node: RunArtifactNode): Promise<Run | undefined> {
    const page = await store.tracking.searchRuns({
      experimentIds: [node.run.info.experimentId], runViewType: 'ACTIVE_ONLY', maxResults: COMPARE_CANDIDATES, orderBy: ['attributes.start_time DESC'],
    });
    const runs = page.items.filter((run) => run.info.runId !== node.run.info.runId);
    if (runs.length === 0) throw new UserError(`No other run in this experiment to compare '${node.path}' with.`);
    const items = runs.map((run) => ({
      label: run.info.runName || run.info.runId,
      description: run.info.startTime ? new Date(run.info.startTime).toLocaleString() : undefined,
      detail: run.info.runId,
      run,
    }));
    const picked = await vscode.window.showQuickPick(items, { title: `Compare ${baseName(node.path)} with…`, placeHolder: `A run of the same experiment that has ${node.path}`, matchOnDescription: true, matchOnDetail: true });
    return picked?.run;
  }

  /** Saves a file or a whole folder into a local folder (asked for by default); returns the written path. */
  async download(nodeArg?: ArtifactNode, targetFolder?: vscode.Uri | string): Promise<string | undefined> {
    const node = requireArtifact(nodeArg, 'download');
    const store = await this.session.requireStore();
    const folder = folderPathOf(targetFolder) ?? (await this.pickFolder(node));
    if (!folder) return undefined;
    const target = downloadTarget(folder, node.path);
    if ((await targetExists(target)) && !(await confirm(`${target} already exists. Replace it?`, 'Replace'))) return undefined;
    const repository = store.artifacts(artifactRootOf(node));
    const written = await withCancellableProgress(`Downloading ${baseName(node.path)}`, (signal, progress) => {
      if (node.isDir) {
        let reported = 0;
        return downloadArtifactFolder(repository, node.path, folder, {
          signal,
          onFile: ({ done, total, current }) => {
            const percent = total === 0 ? 100 : (done / total) * 100;
            progress.report({ increment: percent - reported, message: current ? `${done + 1} of ${total}: ${current}` : `${done} files` });
            reported = percent;
          },
        });
      }
      let reported = 0;
      return downloadArtifactFile(repository, node.path, folder, {
        signal,
        onBytes: (bytes, total) => {
          if (!total) return progress.report({ message: formatBytes(bytes) });
          const percent = (bytes / total) * 100;
          progress.report({ increment: percent - reported, message: `${formatBytes(bytes)} of ${formatBytes(total)}` });
          reported = percent;
        },
      });
    });
    this.session.log.info(`Downloaded ${node.path} of ${artifactOwnerText(node)} to ${written}`);
    return written;
  }

  private async pickFolder(node: ArtifactNode): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Download Here', title: `Download ${baseName(node.path)} to…`,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return picked?.[0]?.fsPath;
  }

  /** Shows a local store's artifact in the OS file manager (or the Explorer); returns its path. */
  async reveal(nodeArg?: ArtifactNode): Promise<string> {
    const node = requireArtifact(nodeArg, 'reveal');
    const store = await this.session.requireStore();
    if (store.kind === 'remote') throw new UserError(`'${node.path}' is kept by the tracking server ${store.location}: Reveal in Explorer works only for local stores. Use Download… instead.`);
    const repository = store.artifacts(artifactRootOf(node));
    const local = localArtifactPath(repository.rootUri, node.path);
    if (!local) throw new UserError(`'${node.path}' is stored at ${repository.rootUri}, not on this machine. Use Download… instead.`);
    if (!(await access(local).then(() => true, () => false))) throw new UserError(`'${node.path}' is no longer at ${local}.`);
    await revealLocalPath(vscode.Uri.file(local));
    return local;
  }
}

/**
 * Desktop VS Code reveals in the OS file manager; in the browser (code-server) there is none, so
 * the Explorer shows it when it is in the workspace, else the path is shown.
 */
async function revealLocalPath(uri: vscode.Uri): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes('revealFileInOS')) {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } else if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
  } else {
    void vscode.window.showInformationMessage(`The artifact is at ${uri.fsPath}`);
  }
}

/** Registers the read-only `runlens-artifact:` file system and the artifact commands. */
/** `selection`: the Experiments view's selection, what a keybinding acts on. */
export function registerArtifactCommands(context: vscode.ExtensionContext, session: StoreSession, selection: () => readonly unknown[]): ArtifactFileSystem {
  const fileSystem = new ArtifactFileSystem(session);
  const commands = new ArtifactCommands(session, fileSystem);
  const { log } = session;
  const onArtifact = (id: string, handler: (args: ItemCommandArgs<ArtifactNode>) => unknown) =>
    registerCommand(log, id, (...raw: unknown[]) => handler(itemCommandArgs(raw, isArtifactNode, selection())));
  context.subscriptions.push(
    fileSystem,
    vscode.workspace.registerFileSystemProvider(ARTIFACT_SCHEME, fileSystem, { isReadonly: true, isCaseSensitive: true }),
    onArtifact('runlens.artifact.open', ({ node }) => commands.open(node)),
    onArtifact('runlens.artifact.compareWith', ({ node, values }) => commands.compareWith(node, stringArg(values[0]))),
    onArtifact('runlens.artifact.download', ({ node, values }) => commands.download(node, values[0] instanceof vscode.Uri ? values[0] : stringArg(values[0]))),
    onArtifact('runlens.artifact.reveal', ({ node }) => commands.reveal(node)),
  );
  return fileSystem;
}
