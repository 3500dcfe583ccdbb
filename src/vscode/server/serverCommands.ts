// Start, stop and copy the URL of the embedded tracking server; it goes away with the window.
import * as vscode from 'vscode';
import { registerCommand } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';
import { EmbeddedServer } from './embeddedServer.ts';
import { editorLinkBase } from './runLinks.ts';
import { registerStoreStatusBar } from './storeStatusBar.ts';

export function registerServerCommands(context: vscode.ExtensionContext, session: StoreSession): EmbeddedServer {
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  const server = new EmbeddedServer(session, context.environmentVariableCollection, version, editorLinkBase(context));
  context.subscriptions.push(
    server,
    registerCommand(session.log, 'runlens.startServer', async (): Promise<string> => {
      const url = await server.start();
      void vscode.window.showInformationMessage(`RunLens tracking server running at ${url}. New terminals log into it (MLFLOW_TRACKING_URI).`, 'Copy URL').then((choice) => {
        if (choice) void vscode.env.clipboard.writeText(url);
      });
      return url;
    }),
    registerCommand(session.log, 'runlens.stopServer', async (): Promise<void> => {
      await server.stop();
    }),
    registerCommand(session.log, 'runlens.copyServerUrl', async (): Promise<string> => {
      const url = server.url;
      if (!url) throw new UserError('The RunLens tracking server is not running: start it with "RunLens: Start Tracking Server".');
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
      return url;
    }),
  );
  void vscode.commands.executeCommand('setContext', 'runlens.serverRunning', false);
  registerStoreStatusBar(context, session, server);
  return server;
}
