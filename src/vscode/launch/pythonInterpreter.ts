// Which Python runs a launch: the runlens.launch.pythonPath setting, else the interpreter selected
// in the Python extension (its public API), else python3 (python on Windows).
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { launchSettings } from '../config.ts';
import type { PythonSource } from './launchCommand.ts';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined };
  settings?: { getExecutionDetails(resource?: vscode.Uri): { execCommand?: string[] } };
}

export async function pythonFor(resource: vscode.Uri | undefined): Promise<string> {
  return (await pythonChoice(resource)).python;
}

/** The interpreter a launch uses and where that choice came from (said when mlflow is missing). */
export async function pythonChoice(resource: vscode.Uri | undefined): Promise<{ python: string; source: PythonSource }> {
  const configured = launchSettings(resource).pythonPath;
  if (configured) return { python: configured, source: 'setting' };
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (extension) {
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      const fromEnvironments = api.environments?.getActiveEnvironmentPath(resource)?.path;
      const fromSettings = api.settings?.getExecutionDetails(resource)?.execCommand?.[0];
      if (fromEnvironments || fromSettings) return { python: (fromEnvironments || fromSettings) as string, source: 'python-extension' };
    } catch {
      // fall through to the default interpreter
    }
  }
  return { python: process.platform === 'win32' ? 'python' : 'python3', source: 'default' };
}

/** Whether `import mlflow` would work in that interpreter (without paying for the import). */
export function hasMlflow(python: string): Promise<boolean> {
  const probe = 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("mlflow") else 3)';
  return new Promise((resolve) => execFile(python, ['-c', probe], { timeout: 20_000 }, (error) => resolve(!error)));
}
