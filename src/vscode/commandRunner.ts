// Registers RunLens commands so that every failure reaches the user the same way: logged to the
// RunLens output channel, shown as one message with actions (Retry, Show Log, …), never swallowed.
import * as vscode from 'vscode';
import { MlflowError } from '../shared/errors.ts';
import { SET_CREDENTIALS_COMMAND } from '../store/artifacts/cloud/cloudErrors.ts';
import { UserError, type UserAction } from './userError.ts';

const ACTION_COMMANDS: Partial<Record<UserAction, [string, ...unknown[]]>> = {
  'Open Settings': ['workbench.action.openSettings', 'runlens.trackingUri'],
  'Create Local Store': ['runlens.createLocalStore'],
  'Connect to Tracking Server': ['runlens.connect'],
  'Manage Workspace Trust': ['workbench.trust.manage'],
  'Start Tracking Server': ['runlens.startServer'],
  'Set Artifact Store Credentials': ['runlens.setArtifactCredentials'],
};

/** A cloud artifact store refused or found no credentials: its message names the command that fixes it. */
function isCloudCredentialError(error: unknown): boolean {
  return error instanceof MlflowError && (error.code === 'UNAUTHENTICATED' || error.code === 'PERMISSION_DENIED') && error.message.includes(SET_CREDENTIALS_COMMAND);
}

/** The actions offered with an error. */
export function actionsFor(error: unknown): UserAction[] {
  if (error instanceof UserError) return error.actions;
  if (isCloudCredentialError(error)) return ['Set Artifact Store Credentials', 'Retry', 'Show Log'];
  return ['Retry', 'Show Log'];
}

export function isCancellation(error: unknown): boolean {
  // The REST client reports a cancelled request as MLflow's CANCELLED.
  return error instanceof vscode.CancellationError || (error instanceof Error && error.name === 'AbortError') || (error instanceof MlflowError && error.code === 'CANCELLED');
}

/** Shows an error with its actions; Retry re-runs `retry`. Resolves once the user chose (or dismissed). */
export async function reportError(log: vscode.LogOutputChannel, error: unknown, retry?: () => unknown): Promise<void> {
  if (isCancellation(error)) return;
  const message = error instanceof Error ? error.message : String(error);
  const offered = actionsFor(error);
  const actions = offered.filter((action) => action !== 'Retry' || retry);
  const detail = error instanceof MlflowError ? ` (${error.code})` : '';
  log.error(`${message}${detail}`);
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === 'Retry') await retry?.();
  else if (choice === 'Show Log') log.show(true);
  else if (choice) {
    const command = ACTION_COMMANDS[choice];
    if (command) await vscode.commands.executeCommand(...command);
  }
}

/**
 * Registers a command whose errors are reported. The handler's resolved value is returned to
 * callers of executeCommand (tests use this); a failure resolves to undefined after reporting.
 */
export function registerCommand(
  log: vscode.LogOutputChannel,
  id: string,
  handler: (...args: never[]) => unknown,
): vscode.Disposable {
  const run = async (...args: unknown[]): Promise<unknown> => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      // Not awaited: a command must not wait on the user reading its error message.
      void reportError(log, error, () => run(...args));
      return undefined;
    }
  };
  return vscode.commands.registerCommand(id, run);
}

/** Runs a long task under a cancellable notification; its AbortSignal follows the Cancel button. */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return task(controller.signal, progress);
  });
}

/** Confirms a destructive action with a modal dialog; resolves true only on the named button. */
export async function confirm(message: string, button: string, detail?: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}
