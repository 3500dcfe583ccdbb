// Tracking-server credentials live in VS Code's SecretStorage, keyed by the server's origin;
// never in settings files, never in logs.
import type * as vscode from 'vscode';
import type { RestCredentials } from '../store/rest/restClient.ts';

function keyFor(serverUrl: string): string {
  return `runlens.credentials:${new URL(serverUrl).origin}`;
}

export async function loadCredentials(secrets: vscode.SecretStorage, serverUrl: string): Promise<RestCredentials | undefined> {
  const stored = await secrets.get(keyFor(serverUrl));
  if (!stored) return undefined;
  try {
    return JSON.parse(stored) as RestCredentials;
  } catch {
    return undefined;
  }
}

export async function saveCredentials(secrets: vscode.SecretStorage, serverUrl: string, credentials: RestCredentials | undefined): Promise<void> {
  if (!credentials || (!credentials.token && !credentials.username)) await secrets.delete(keyFor(serverUrl));
  else await secrets.store(keyFor(serverUrl), JSON.stringify(credentials));
}
