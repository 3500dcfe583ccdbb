// Calling RunLens's language-model tools as an agent does (vscode.lm.invokeTool), reading what the
// real mlflow answers on the same store, and letting acting tools run without the confirmation
// dialog (VS Code's own test switch for tool auto-approval).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { runLens, runLensExtension, waitFor } from './extension.ts';

const exec = promisify(execFile);

export const python = (): string => path.join(runLensExtension().extensionPath, '.tools', 'venv', 'bin', 'python');

/** The text of a tool's result. */
export async function invokeTool(name: string, input: Record<string, unknown>): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/** The JSON after a tool's summary line(s). */
export function dataOf(text: string): Record<string, unknown> {
  const start = text.indexOf('\n{');
  assert.ok(start >= 0, `no data in: ${text.slice(0, 300)}`);
  return JSON.parse(text.slice(start + 1)) as Record<string, unknown>;
}

/** What VS Code would show before running the tool: the progress line and the confirmation text. */
export async function prepared(name: string, input: Record<string, unknown>): Promise<{ invocationMessage: string; confirmation?: string }> {
  const tool = (await runLens()).agentTools.get(name);
  assert.ok(tool?.prepareInvocation, `${name} prepares its invocations`);
  const source = new vscode.CancellationTokenSource();
  const result = await tool.prepareInvocation({ input }, source.token);
  source.dispose();
  const text = (value: string | vscode.MarkdownString | undefined) => (typeof value === 'string' ? value : value?.value);
  return { invocationMessage: text(result?.invocationMessage) ?? '', confirmation: text(result?.confirmationMessages?.message) };
}

/** Runs Python with the venv's mlflow; the last stdout line is JSON. */
export async function mlflowJson<T>(code: string, ...args: string[]): Promise<T> {
  const { stdout } = await exec(python(), ['-c', `import warnings; warnings.filterwarnings("ignore")\n${code}`, ...args], {
    env: { ...process.env, PYTHONWARNINGS: 'ignore', MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as T;
}

/** Acting tools run without the modal confirmation (the switch VS Code's own API tests use). */
export async function autoApproveTools(on: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'vscode.chat.tools.global.autoApprove.testMode', on || undefined);
  await vscode.workspace.getConfiguration('chat.tools.global').update('autoApprove', on || undefined, vscode.ConfigurationTarget.Global);
}

/** Points the session at another store (or back at the workspace's with undefined) and waits for it. */
export async function useTrackingUri(uri: string | undefined, expectedLocation: (location: string) => boolean): Promise<void> {
  const api = await runLens();
  await vscode.workspace.getConfiguration('runlens').update('trackingUri', uri, vscode.ConfigurationTarget.Workspace);
  const connected = await waitFor(async () => {
    const store = await api.session.ready().catch(() => undefined);
    return store !== undefined && expectedLocation(store.location);
  }, 30_000);
  assert.ok(connected, `connected to ${uri ?? 'the workspace store'}`);
}
