// The table editor: a read-only custom editor for CSV, TSV, mlflow.log_table JSON and Parquet,
// on workspace files and `runlens-artifact:` URIs alike. The host finds the file on this machine
// (tableFile.ts), starts a table worker on it and relays messages between the worker and the page;
// reading, sorting, filtering and summaries all happen in the worker.
import * as vscode from 'vscode';
import { baseName } from '../../store/artifacts/artifactPath.ts';
import { isTablePageMessage, tableFormatOf, type TableHostMessage, type TablePageMessage } from '../../shared/tableProtocol.ts';
import { startTableWorker, type TableWorker } from '../../tables/tableWorker.ts';
import type { ArtifactFileSystem } from '../artifacts/artifactFileSystem.ts';
import { PanelHost } from '../webview/panelHost.ts';
import { localTableFile } from './tableFile.ts';

/** CSV, TSV and JSON: offered under "Open With…" and used by RunLens's own commands. */
export const TABLE_VIEW_TYPE = 'runlens.tableView';
/** Parquet: the default editor (VS Code has no other way to show it). */
export const PARQUET_VIEW_TYPE = 'runlens.parquetView';

export class TableEditorProvider implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  private readonly extensionUri: vscode.Uri;
  private readonly log: vscode.LogOutputChannel;
  private readonly artifacts: ArtifactFileSystem;
  /** Downloaded copies of open tables: removed when their editor closes, or when RunLens stops. */
  private readonly releases = new Set<() => Promise<void>>();

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, artifacts: ArtifactFileSystem) {
    this.extensionUri = extensionUri;
    this.log = log;
    this.artifacts = artifacts;
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  /** Removes the downloaded copies still open (the window is closing: editors may not get to it). */
  dispose(): void {
    for (const release of this.releases) void release().catch(() => undefined);
    this.releases.clear();
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const { uri } = document;
    const name = baseName(uri.path);
    const format = tableFormatOf(uri.path);
    const abort = new AbortController();
    let worker: TableWorker | undefined;
    // Page messages that arrive before the file is found and the worker is up.
    const waiting: TablePageMessage[] = [];
    const host: PanelHost<TableHostMessage, TablePageMessage> = new PanelHost(panel, this.extensionUri, this.log, {
      app: 'table',
      title: name,
      label: `Table ${name}`,
      isPageMessage: isTablePageMessage,
      onMessage: (message) => {
        if (message.type === 'ready') host.post({ type: 'source', name, format: format ?? 'csv' });
        if (worker) worker.send(message);
        else waiting.push(message);
      },
      errorMessage: (message) => ({ type: 'error', message }),
    });
    let release = async (): Promise<void> => undefined;
    host.own(() => {
      abort.abort();
      void worker?.close();
      this.releases.delete(release);
      void release().catch((error: unknown) => this.log.warn(`Table ${name}: could not remove its downloaded copy: ${String(error)}`));
    });
    if (!format) {
      host.fail(new Error(`${name} is not a CSV, TSV, JSON or Parquet file.`));
      return;
    }
    host.run(async () => {
      const local = await localTableFile(uri, this.artifacts, abort.signal);
      if (abort.signal.aborted) return local.release();
      release = local.release;
      this.releases.add(release);
      worker = startTableWorker(local.file, format, (message) => host.post(message));
      for (const message of waiting.splice(0)) worker.send(message);
    });
  }
}

/** Registers both custom editors on one provider; returns it (commands open tables through it). */
export function registerTableEditor(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, artifacts: ArtifactFileSystem): TableEditorProvider {
  const provider = new TableEditorProvider(context.extensionUri, log, artifacts);
  const options = { supportsMultipleEditorsPerDocument: true };
  context.subscriptions.push(
    provider,
    vscode.window.registerCustomEditorProvider(TABLE_VIEW_TYPE, provider, options),
    vscode.window.registerCustomEditorProvider(PARQUET_VIEW_TYPE, provider, options),
  );
  return provider;
}

/** Opens a file or artifact URI in the table editor. */
export async function openAsTable(uri: vscode.Uri): Promise<void> {
  const viewType = tableFormatOf(uri.path) === 'parquet' ? PARQUET_VIEW_TYPE : TABLE_VIEW_TYPE;
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType, { preview: true });
}
