// The ToolContext an agent's call runs with in VS Code: the session's store, writes refused where
// RunLens's own commands refuse them (untrusted workspace, read-only store), the OS user as the
// registry commands record it, and the call's cancellation as an AbortSignal.
import * as vscode from 'vscode';
import type { ToolContext } from '../../tools/agentTool.ts';
import { agentLauncher } from './agentLaunch.ts';
import type { Launcher } from '../launch/launcher.ts';
import { localUserName } from '../models/registryWriter.ts';
import type { StoreSession } from '../storeSession.ts';

export const NO_STORE = 'No MLflow store is connected in this VS Code window: the user can create a local store or connect to a tracking server from the RunLens view.';
export const UNTRUSTED = 'this workspace is not trusted (RunLens only reads in an untrusted workspace)';

export interface AgentCall {
  context: ToolContext;
  dispose(): void;
}

/** The context for one call, or undefined when no store is connected. */
export async function agentToolContext(session: StoreSession, launcher: Launcher, token?: vscode.CancellationToken): Promise<AgentCall | undefined> {
  const store = await session.ready();
  if (!store) return undefined;
  const abort = new AbortController();
  const listener = token?.onCancellationRequested(() => abort.abort());
  if (token?.isCancellationRequested) abort.abort();
  const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const writesRefused = !vscode.workspace.isTrusted ? UNTRUSTED : store.readOnlyReason;
  return {
    context: {
      store,
      workspaceRoot,
      writesRefused,
      user: localUserName(),
      launchRun: workspaceRoot ? agentLauncher(launcher, workspaceRoot) : undefined,
      signal: abort.signal,
    },
    dispose: () => listener?.dispose(),
  };
}
