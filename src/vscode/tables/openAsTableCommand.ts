// "RunLens: Open as Table": a CSV, TSV, JSON or Parquet file in the table editor. From the
// Explorer or an editor's title bar it gets the file; from the palette it takes the active
// editor's file, else asks for one.
import * as vscode from 'vscode';
import { tableFormatOf } from '../../shared/tableProtocol.ts';
import { registerCommand } from '../commandRunner.ts';
import { UserError } from '../userError.ts';
import { openAsTable } from './tableEditor.ts';

const TABLE_GLOB = '**/*.{csv,tsv,json,parquet}';
// Stores' own folders hold model files, not the user's tables.
const EXCLUDED = '**/{node_modules,.git,mlruns,mlartifacts,.venv}/**';
const MAX_OFFERED = 500;
const TITLE = 'Open as Table';

function activeTableUri(): vscode.Uri | undefined {
  const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = active instanceof vscode.TabInputText || active instanceof vscode.TabInputCustom ? active.uri : undefined;
  return uri && tableFormatOf(uri.path) ? uri : undefined;
}

async function pickTableFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(TABLE_GLOB, EXCLUDED, MAX_OFFERED);
  if (files.length === 0) {
    const picked = await vscode.window.showOpenDialog({ title: TITLE, openLabel: TITLE, canSelectMany: false, filters: { Tables: ['csv', 'tsv', 'json', 'parquet'] } });
    return picked?.[0];
  }
  const items = files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })).sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'A CSV, TSV, JSON or Parquet file of the workspace' });
  return picked?.uri;
}

export function registerOpenAsTableCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(registerCommand(log, 'runlens.openAsTable', async (target?: unknown) => {
    const uri = target instanceof vscode.Uri ? target : activeTableUri() ?? (await pickTableFile());
    if (!uri) return undefined;
    if (!tableFormatOf(uri.path)) throw new UserError(`${vscode.workspace.asRelativePath(uri)} is not a CSV, TSV, JSON or Parquet file.`);
    await openAsTable(uri);
    return uri.toString();
  }));
}
