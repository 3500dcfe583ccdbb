// Getting a store: connect to a tracking server (credentials into secret storage), create a local
// mlflow.db, or copy an example script to fill one.
import { constants } from 'node:fs';
import { access, copyFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { detectStoreUri } from '../../store/openStore.ts';
import type { RestCredentials } from '../../store/rest/restClient.ts';
import { registerCommand, withCancellableProgress } from '../commandRunner.ts';
import { readConfig } from '../config.ts';
import { loadCredentials, saveCredentials } from '../credentials.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';
import { connectionFailureMessage, normalizeServerUrl, serverUrlProblem } from './connectionText.ts';
import { freeTargetPath, listExampleScripts } from './exampleScripts.ts';
import { useTrackingUri } from './trackingUriSetting.ts';
import { optionsArg, stringArg } from '../commandArgs.ts';

/** A probe must fail fast: a refused connection is an answer, not something to retry for long. */
const PROBE_TIMEOUT_MS = 20_000;

interface AuthChoice extends vscode.QuickPickItem {
  auth: 'saved' | 'none' | 'token' | 'basic';
}

async function askServerUrl(session: StoreSession): Promise<string | undefined> {
  const current = session.store?.kind === 'remote' ? session.store.location : undefined;
  return vscode.window.showInputBox({
    title: 'Connect to Tracking Server', prompt: 'URL of the MLflow tracking server', placeHolder: 'http://localhost:5000',
    value: current ?? 'http://localhost:5000', ignoreFocusOut: true, validateInput: serverUrlProblem,
  });
}

/** Credentials for the server, or undefined when the user cancelled; `{}` means none. */
async function askCredentials(secrets: vscode.SecretStorage, url: string): Promise<RestCredentials | undefined> {
  const saved = await loadCredentials(secrets, url);
  const items: AuthChoice[] = [
    ...(saved ? [{ label: 'Saved credentials', description: saved.token ? 'token' : `user ${saved.username}`, auth: 'saved' as const }] : []),
    { label: 'None', description: 'the server needs no login', auth: 'none' },
    { label: 'Token', description: 'sent as a Bearer token (MLFLOW_TRACKING_TOKEN)', auth: 'token' },
    { label: 'Username and password', description: 'HTTP basic auth (MLFLOW_TRACKING_USERNAME / _PASSWORD)', auth: 'basic' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Authentication for ${new URL(url).host}`, placeHolder: 'How does this server check who you are?', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.auth === 'saved') return saved;
  if (picked.auth === 'none') return {};
  const notEmpty = (what: string) => (value: string) => (value ? undefined : `Enter the ${what}`);
  if (picked.auth === 'token') {
    const token = await vscode.window.showInputBox({ title: 'Tracking server token', prompt: 'Kept in VS Code secret storage, never in settings', password: true, ignoreFocusOut: true, validateInput: notEmpty('token') });
    return token ? { token } : undefined;
  }
  const username = await vscode.window.showInputBox({ title: 'Tracking server username', ignoreFocusOut: true, validateInput: notEmpty('username') });
  if (!username) return undefined;
  const password = await vscode.window.showInputBox({ title: `Password for ${username}`, prompt: 'Kept in VS Code secret storage, never in settings', password: true, ignoreFocusOut: true });
  return password === undefined ? undefined : { username, password };
}

/** One cheap call with the given credentials; throws a UserError that says what went wrong. */
async function probeServer(url: string, credentials: RestCredentials, signal: AbortSignal): Promise<void> {
  const { RestClient, credentialsFromEnv } = await import('../../store/rest/restClient.ts');
  const { RestTrackingStore } = await import('../../store/rest/restTrackingStore.ts');
  const client = new RestClient({ baseUrl: url, credentials, insecureTls: credentialsFromEnv().insecureTls, maxRetries: 0, timeoutMs: PROBE_TIMEOUT_MS });
  const probe = new RestTrackingStore(client).searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1 });
  const cancelled = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new vscode.CancellationError()), { once: true }));
  try {
    await Promise.race([probe, cancelled]);
  } catch (error) {
    if (error instanceof vscode.CancellationError) throw error;
    throw new UserError(connectionFailureMessage(error, url), ['Retry', 'Show Log']);
  }
}

async function pickFolder(explicit: vscode.Uri | undefined, title: string): Promise<vscode.Uri | undefined> {
  if (explicit) return explicit;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new UserError('Open a folder first: RunLens puts the file in the workspace folder.');
  if (folders.length === 1) return folders[0].uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: title }))?.uri;
}

/** Whether auto-detection alone would open this database (no setting, first folder with a store). */
function detectedWithoutSetting(database: string): boolean {
  if (readConfig().trackingUri) return false;
  const detected = (vscode.workspace.workspaceFolders ?? []).map((f) => detectStoreUri(f.uri.fsPath)).find((u) => u !== undefined);
  return detected === `sqlite:///${database}`;
}

export function registerConnectionCommands(context: vscode.ExtensionContext, session: StoreSession): void {
  const { log } = session;
  context.subscriptions.push(
    // From the view title VS Code passes the selected tree row: only a string is an explicit URL.
    registerCommand(log, 'runlens.connect', async (urlArg?: unknown, credentialsArg?: unknown): Promise<string | undefined> => {
      const url = stringArg(urlArg);
      const credentials = url === undefined ? undefined : optionsArg<RestCredentials>(credentialsArg);
      const typed = url ?? (await askServerUrl(session));
      if (!typed) return undefined;
      const problem = serverUrlProblem(typed);
      if (problem) throw new UserError(problem, ['Connect to Tracking Server']);
      const serverUrl = normalizeServerUrl(typed);
      const auth = credentials ?? (await askCredentials(context.secrets, serverUrl));
      if (!auth) return undefined;
      await withCancellableProgress(`Connecting to ${new URL(serverUrl).host}…`, (signal) => probeServer(serverUrl, auth, signal));
      await saveCredentials(context.secrets, serverUrl, auth);
      const store = await useTrackingUri(session, serverUrl);
      log.info(`Connected to the tracking server ${serverUrl}${auth.token || auth.username ? ' (credentials in secret storage)' : ''}`);
      return store?.location;
    }),

    registerCommand(log, 'runlens.createLocalStore', async (folderUri?: unknown): Promise<string | undefined> => {
      if (!vscode.workspace.isTrusted) throw new UserError('Creating a store is disabled in an untrusted workspace: RunLens only reads here.', ['Manage Workspace Trust']);
      const folder = await pickFolder(folderUri instanceof vscode.Uri ? folderUri : undefined, 'Folder for mlflow.db');
      if (!folder) return undefined;
      const database = path.join(folder.fsPath, 'mlflow.db');
      const existed = await access(database).then(() => true, () => false);
      if (!existed) {
        // Opening an absent database creates it with MLflow's schema, in mlflow's own journal mode
        // (no -wal/-shm files beside it in the user's folder); in the store worker, off this thread.
        const { openWorkerStores } = await import('../../store/worker/workerStores.ts');
        await (await openWorkerStores(database, { newDatabaseJournal: 'delete' })).close();
        log.info(`Created ${database}`);
      }
      const store = detectedWithoutSetting(database) ? await session.reconnect() : await useTrackingUri(session, `sqlite:///${database}`);
      void vscode.window.showInformationMessage(existed ? `${database} already exists: RunLens is connected to it.` : `Created ${database}. Scripts log into it with MLFLOW_TRACKING_URI=sqlite:///mlflow.db, or through RunLens' tracking server.`);
      return store?.location ?? database;
    }),

    registerCommand(log, 'runlens.openExample', async (nameArg?: unknown): Promise<string | undefined> => {
      const name = stringArg(nameArg);
      const examples = await listExampleScripts(path.join(context.extensionUri.fsPath, 'examples'));
      if (examples.length === 0) throw new UserError('This RunLens installation ships no example scripts.');
      const example = typeof name === 'string'
        ? examples.find((e) => e.name === name || e.name === `${name}.py`)
        : (await vscode.window.showQuickPick(examples.map((e) => ({ label: e.name, detail: e.summary, example: e })), { title: 'Open an Example', placeHolder: 'Copied into the workspace folder, then opened' }))?.example;
      if (!example) {
        if (typeof name === 'string') throw new UserError(`No example named ${name}: choose one of ${examples.map((e) => e.name).join(', ')}.`);
        return undefined;
      }
      const folder = await pickFolder(undefined, 'Folder to copy the example into');
      if (!folder) return undefined;
      const target = freeTargetPath(folder.fsPath, example.name);
      await copyFile(example.file, target, constants.COPYFILE_EXCL);
      await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
      void vscode.window.showInformationMessage(`Copied ${example.name} to ${path.basename(folder.fsPath)}. Run it with "RunLens: Run with Tracking" (it needs mlflow and scikit-learn).`);
      return target;
    }),
  );
}
