// The only place `runlens.*` settings are read or written: every other module gets typed values
// from these accessors, so a setting's name, default and type live in one file.
import * as vscode from 'vscode';

const SECTION = 'runlens';

/** A folder's settings when given (trackingUri and launch.* are per folder), else the window's. */
function settings(resource?: vscode.Uri | null): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, resource);
}

export interface RunLensConfig {
  /** `runlens.trackingUri`, or MLFLOW_TRACKING_URI, or undefined to auto-detect. */
  trackingUri?: string;
}

/** Settings for a workspace folder (trackingUri is per folder); the first folder by default. */
export function readConfig(folder: vscode.Uri | undefined = vscode.workspace.workspaceFolders?.[0]?.uri): RunLensConfig {
  const configured = settings(folder ?? null).get<string>('trackingUri')?.trim();
  return { trackingUri: configured || process.env.MLFLOW_TRACKING_URI || undefined };
}

/** `runlens.trackingUri` as written in the workspace settings (not inherited, not the environment's). */
export function workspaceTrackingUri(): string | undefined {
  return settings().inspect<string>('trackingUri')?.workspaceValue || undefined;
}

/** Writes (or with undefined, removes) the workspace's `runlens.trackingUri`. */
export async function setWorkspaceTrackingUri(uri: string | undefined): Promise<void> {
  await settings().update('trackingUri', uri, vscode.ConfigurationTarget.Workspace);
}

/** `runlens.artifacts.environment` unchecked: cloudEnvironment.ts validates it. */
export function artifactsEnvironmentSetting(): unknown {
  return settings().get<unknown>('artifacts.environment');
}

/** Adds names to `runlens.artifacts.environment` where it is defined (folder, workspace), else in the user's settings. */
export async function mergeArtifactsEnvironment(values: Record<string, string>): Promise<void> {
  const config = settings();
  const inspected = config.inspect<Record<string, unknown>>('artifacts.environment');
  const target = inspected?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
    : inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const current = (target === vscode.ConfigurationTarget.WorkspaceFolder ? inspected?.workspaceFolderValue : target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {};
  await config.update('artifacts.environment', { ...current, ...values }, target);
}

/** The Experiments view's settings. */
export function experimentsViewSettings(): { runsPageSize: number; keyMetric: string } {
  const config = settings();
  return { runsPageSize: config.get<number>('runsPageSize', 200), keyMetric: config.get<string>('keyMetric', '') };
}

export async function setWorkspaceKeyMetric(key: string): Promise<void> {
  await settings().update('keyMetric', key, vscode.ConfigurationTarget.Workspace);
}

/** `runlens.remotePollSeconds` before clamping (liveRefresh owns the bounds). */
export function remotePollSeconds(fallback: number): number {
  return settings().get<number>('remotePollSeconds', fallback);
}

/** `runlens.server.port`; 0 lets the system choose. */
export function embeddedServerPort(): number {
  return settings().get<number>('server.port', 0);
}

/** Launch settings of the folder a script is in. */
export function launchSettings(resource?: vscode.Uri): { pythonPath?: string; dataFiles: string[]; openCharts: boolean } {
  const config = settings(resource);
  return {
    pythonPath: config.get<string>('launch.pythonPath')?.trim() || undefined,
    dataFiles: config.get<string[]>('launch.dataFiles', []),
    openCharts: config.get<boolean>('launch.openCharts', true),
  };
}

/** `runlens.agents.mcpAllowWrites`: the offered `runlens mcp` server may change the store (trusted workspaces only). */
export function mcpAllowWrites(): boolean {
  return settings().get<boolean>('agents.mcpAllowWrites', false);
}
