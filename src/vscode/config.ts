// The only place settings are read; everything else gets plain values.
import * as vscode from 'vscode';

export interface RunLensConfig {
  /** `runlens.trackingUri`, or MLFLOW_TRACKING_URI, or undefined to auto-detect. */
  trackingUri?: string;
}

export function readConfig(): RunLensConfig {
  const configured = vscode.workspace.getConfiguration('runlens').get<string>('trackingUri')?.trim();
  return { trackingUri: configured || process.env.MLFLOW_TRACKING_URI || undefined };
}
