// A run's note (the mlflow.note.content tag) as a markdown document: open it, edit it as any
// file, and Save (Ctrl+S) writes the tag back. Backed by a small file system for one scheme.
import * as vscode from 'vscode';
import type { Run } from '../../shared/entities.ts';
import type { StoreSession } from '../storeSession.ts';
import { NOTE_TAG, tagValueProblem } from '../../store/runValidation.ts';

export const NOTE_SCHEME = 'runlens-note';

/** `runlens-note:/<runId>/<run name>.md`: the id finds the run, the name titles the tab. */
export function noteUri(run: Run): vscode.Uri {
  // Slashes and other path-hostile characters in a run name would make extra path segments.
  const title = (run.info.runName || run.info.runId).replace(/[/\\:*?"<>|]+/gu, '_');
  return vscode.Uri.from({ scheme: NOTE_SCHEME, path: `/${run.info.runId}/${title} (note).md` });
}

function runIdOf(uri: vscode.Uri): string {
  const runId = uri.path.split('/')[1];
  if (!runId) throw vscode.FileSystemError.FileNotFound(uri);
  return runId;
}

class RunNoteFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  /** Our own save times, so VS Code's "file is newer" check only fires for real conflicts. */
  private readonly modified = new Map<string, number>();
  private readonly session: StoreSession;

  constructor(session: StoreSession) {
    this.session = session;
  }

  private async note(uri: vscode.Uri): Promise<string> {
    const store = await this.session.requireStore();
    const run = await store.tracking.getRun(runIdOf(uri));
    return run.data.tags.find((t) => t.key === NOTE_TAG)?.value ?? '';
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const size = Buffer.byteLength(await this.note(uri), 'utf8');
    const mtime = this.modified.get(uri.toString()) ?? 0;
    return { type: vscode.FileType.File, ctime: 0, mtime, size };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from(await this.note(uri), 'utf8');
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const text = Buffer.from(content).toString('utf8');
    const problem = tagValueProblem(text, 'A note');
    if (problem) throw vscode.FileSystemError.NoPermissions(problem);
    let store;
    try {
      store = await this.session.requireWritable();
    } catch (error) {
      throw vscode.FileSystemError.NoPermissions((error as Error).message);
    }
    await store.tracking.setTag(runIdOf(uri), { key: NOTE_TAG, value: text });
    this.modified.set(uri.toString(), Date.now());
    this.session.dataChanged();
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** Registers the note file system; dispose to unregister. */
export function registerNoteDocuments(session: StoreSession): vscode.Disposable {
  const fileSystem = new RunNoteFileSystem(session);
  return vscode.Disposable.from(vscode.workspace.registerFileSystemProvider(NOTE_SCHEME, fileSystem, { isCaseSensitive: true }), fileSystem);
}

/** Opens a run's note for editing; saving the document stores it. */
export async function openNoteEditor(run: Run): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(noteUri(run));
  await vscode.window.showTextDocument(document, { preview: false });
  void vscode.window.setStatusBarMessage(`RunLens: save the document to store the note of run ${run.info.runName}`, 8000);
  return document;
}
