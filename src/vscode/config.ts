// The only place settings are read; everything else gets plain values.
import * as vscode from 'vscode';

export interface RunLensConfig {
  /** `runlens.trackingUri`, or MLFLOW_TRACKING_URI, or undefined to auto-detect. */
  trackingUri?: string;
}

/** Settings for a workspace folder (trackingUri is per folder); the first folder by default. */
export function readConfig(folder: vscode.Uri | undefined = vscode.workspace.workspaceFolders?.[0]?.uri): RunLensConfig {
  const configured = vscode.workspace.getConfiguration('runlens', folder ?? null).get<string>('trackingUri')?.trim();
  return { trackingUri: configured || process.env.MLFLOW_TRACKING_URI || undefined };
}
