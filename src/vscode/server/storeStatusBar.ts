// The status-bar item: which store RunLens shows and, while it runs, the embedded server's
// address. A click offers the actions around them. Hidden when no store is connected.
import * as vscode from 'vscode';
import { registerCommand } from '../commandRunner.ts';
import { statusBarContent } from '../connection/connectionText.ts';
import type { StoreSession } from '../storeSession.ts';
import type { EmbeddedServer } from './embeddedServer.ts';

const ACTIONS_COMMAND = 'runlens.statusBarActions';

interface ActionItem extends vscode.QuickPickItem {
  command: string;
}

function actionsFor(session: StoreSession, server: EmbeddedServer): ActionItem[] {
  const store = session.store;
  const items: ActionItem[] = [];
  if (server.running) {
    items.push({ label: '$(copy) Copy Tracking Server URL', description: server.url, command: 'runlens.copyServerUrl' });
    items.push({ label: '$(debug-stop) Stop Tracking Server', command: 'runlens.stopServer' });
  } else if (store?.kind === 'sqlite' && vscode.workspace.isTrusted) {
    items.push({ label: '$(server-process) Start Tracking Server', description: 'so scripts and terminals can log into this store', command: 'runlens.startServer' });
  }
  items.push({ label: '$(plug) Connect to Tracking Server…', command: 'runlens.connect' });
  if (store?.kind !== 'sqlite') items.push({ label: '$(database) Create Local Store', command: 'runlens.createLocalStore' });
  items.push({ label: '$(refresh) Reconnect', command: 'runlens.refresh' });
  items.push({ label: '$(output) Show Log', command: 'runlens.showLog' });
  return items;
}

export function registerStoreStatusBar(context: vscode.ExtensionContext, session: StoreSession, server: EmbeddedServer): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('runlens.store', vscode.StatusBarAlignment.Left, 10);
  item.name = 'RunLens Store';
  item.command = ACTIONS_COMMAND;
  const update = () => {
    const store = session.store;
    if (!store) {
      item.hide();
      return;
    }
    const content = statusBarContent(store.kind, store.location, server.url, store.readOnlyReason);
    item.text = content.text;
    item.tooltip = content.tooltip;
    item.show();
  };
  context.subscriptions.push(
    item,
    session.onDidChangeStore(update),
    server.onDidChange(update),
    vscode.workspace.onDidGrantWorkspaceTrust(update),
    registerCommand(session.log, ACTIONS_COMMAND, async () => {
      const picked = await vscode.window.showQuickPick(actionsFor(session, server), { title: 'RunLens', placeHolder: session.store?.location ?? 'No store connected' });
      if (picked) await vscode.commands.executeCommand(picked.command);
    }),
  );
  update();
  return item;
}
