// Serves the `runlens-model-version:` documents: a version's summary, read from the store when
// opened (and again when the data changes), and the empty stand-in for a file a version lacks.
import * as vscode from 'vscode';
import type { StoreSession } from '../storeSession.ts';
import { aliasesOf } from '../../describe/modelLabels.ts';
import { parseVersionDocumentPath, VERSION_DOCUMENT_SCHEME, versionDocumentPath, type VersionDocument } from './versionDocuments.ts';
import { versionSummaryText } from './versionSummary.ts';

export function versionDocumentUri(doc: VersionDocument): vscode.Uri {
  return vscode.Uri.from({ scheme: VERSION_DOCUMENT_SCHEME, path: versionDocumentPath(doc) });
}

export class VersionDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly session: StoreSession;
  private readonly subscription: vscode.Disposable;

  constructor(session: StoreSession) {
    this.session = session;
    // A transition or alias made while the comparison is open shows in its summaries.
    this.subscription = session.onDidChangeData(() => {
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === VERSION_DOCUMENT_SCHEME && !document.isClosed) this.changed.fire(document.uri);
      }
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const doc = parseVersionDocumentPath(uri.path);
    if (!doc || doc.kind === 'missing') return '';
    try {
      const store = await this.session.requireStore();
      const [model, version] = await Promise.all([store.registry.getRegisteredModel(doc.name), store.registry.getModelVersion(doc.name, doc.version)]);
      const run = version.runId ? await store.tracking.getRun(version.runId).catch(() => undefined) : undefined;
      return versionSummaryText(model, version, aliasesOf(model.aliases, version.version), { runName: run?.info.runName });
    } catch (error) {
      // A document cannot show an error box: say in its text why it is empty.
      return `${doc.name} version ${doc.version} could not be read: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
