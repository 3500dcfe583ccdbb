// Entry point: all wiring lives in the composition root under src/vscode/.
import type * as vscode from 'vscode';
import { activateRunLens, type RunLensApi } from './vscode/compositionRoot.ts';

export function activate(context: vscode.ExtensionContext): RunLensApi {
  return activateRunLens(context);
}

export function deactivate(): void {}
