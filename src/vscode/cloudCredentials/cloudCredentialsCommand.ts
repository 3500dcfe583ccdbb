// "RunLens: Set Artifact Store Credentials…": the credentials s3:// and wasbs:// artifact roots
// are read with, kept in SecretStorage under MLflow's variable names. A Google service-account key
// stays the file it is: its path (not a secret) goes to runlens.artifacts.environment as
// GOOGLE_APPLICATION_CREDENTIALS, exactly what the mlflow client of a launched script reads too,
// so no copy of the key is ever written anywhere. Explicit values skip the prompts (tests).
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { optionsArg, stringArg } from '../commandArgs.ts';
import { registerCommand } from '../commandRunner.ts';
import { mergeArtifactsEnvironment } from '../config.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';
import { clearCloudSecrets, saveCloudSecrets } from './cloudSecrets.ts';

export type CredentialChoice = 's3' | 'azure' | 'gcs' | 'clear';

/** What the command did: variable names only, never values. */
export type CredentialsResult =
  | { provider: 's3' | 'azure'; stored: string[] }
  | { provider: 'gcs'; setting: 'GOOGLE_APPLICATION_CREDENTIALS'; keyFile: string }
  | { cleared: string[] };

export interface ExplicitCredentials {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  connectionString?: string;
  accountKey?: string;
  keyFile?: string;
}

const TITLE = 'Set Artifact Store Credentials';
const SECRET_PROMPT = "Kept in VS Code's secret storage, never in settings or logs";

interface ChoiceItem extends vscode.QuickPickItem {
  choice: CredentialChoice;
}

const CHOICES: ChoiceItem[] = [
  { label: 'Amazon S3 or S3-compatible', description: 's3:// roots (MinIO, SeaweedFS, Ceph…)', detail: 'An access key id and secret, optionally a session token. The endpoint of an S3-compatible server is MLFLOW_S3_ENDPOINT_URL in runlens.artifacts.environment.', choice: 's3' },
  { label: 'Azure Blob Storage', description: 'wasbs:// and abfss:// roots', detail: 'A storage connection string or an account key.', choice: 'azure' },
  { label: 'Google Cloud Storage', description: 'gs:// roots', detail: 'A service-account key file; its path becomes GOOGLE_APPLICATION_CREDENTIALS.', choice: 'gcs' },
  { label: 'Clear stored credentials', description: 'forget the S3 and Azure credentials kept by RunLens', choice: 'clear' },
];

const required = (what: string) => (value: string) => (value.trim() ? undefined : `Enter the ${what}`);

async function ask(title: string, options: { password?: boolean; optional?: boolean; prompt?: string; placeHolder?: string }): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    title, prompt: options.prompt ?? (options.password ? SECRET_PROMPT : undefined), placeHolder: options.placeHolder, password: options.password, ignoreFocusOut: true,
    validateInput: options.optional ? undefined : required(title.toLowerCase()),
  });
  return answer?.trim();
}

async function s3Values(explicit: ExplicitCredentials | undefined): Promise<Record<string, string | undefined> | undefined> {
  if (explicit) {
    if (!explicit.accessKeyId?.trim() || !explicit.secretAccessKey?.trim()) throw new UserError('S3 credentials need an access key id and a secret access key.');
    return { AWS_ACCESS_KEY_ID: explicit.accessKeyId.trim(), AWS_SECRET_ACCESS_KEY: explicit.secretAccessKey.trim(), AWS_SESSION_TOKEN: explicit.sessionToken?.trim() };
  }
  const keyId = await ask('Access key id', { placeHolder: 'AKIA… (AWS_ACCESS_KEY_ID)' });
  if (!keyId) return undefined;
  const secret = await ask('Secret access key', { password: true, placeHolder: 'AWS_SECRET_ACCESS_KEY' });
  if (!secret) return undefined;
  const token = await ask('Session token (optional)', { password: true, optional: true, placeHolder: 'Leave empty for long-term keys (AWS_SESSION_TOKEN)' });
  if (token === undefined) return undefined;
  return { AWS_ACCESS_KEY_ID: keyId, AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token || undefined };
}

async function azureValues(explicit: ExplicitCredentials | undefined): Promise<Record<string, string | undefined> | undefined> {
  if (explicit) {
    if (explicit.connectionString?.trim()) return { AZURE_STORAGE_CONNECTION_STRING: explicit.connectionString.trim() };
    if (explicit.accountKey?.trim()) return { AZURE_STORAGE_ACCESS_KEY: explicit.accountKey.trim() };
    throw new UserError('Azure credentials need a connection string or an account key.');
  }
  const kind = await vscode.window.showQuickPick([
    { label: 'Connection string', description: 'AZURE_STORAGE_CONNECTION_STRING', variable: 'AZURE_STORAGE_CONNECTION_STRING' },
    { label: 'Account key', description: 'AZURE_STORAGE_ACCESS_KEY; the account comes from each wasbs:// root', variable: 'AZURE_STORAGE_ACCESS_KEY' },
  ], { title: TITLE, placeHolder: 'What do you have for the storage account?', ignoreFocusOut: true });
  if (!kind) return undefined;
  const value = await ask(kind.label, { password: true });
  return value ? { [kind.variable]: value } : undefined;
}

/** A key file the Google SDK can use: JSON with a `type`. Its contents are never logged or kept. */
async function checkKeyFile(file: string): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file} is not a readable JSON key file${(error as NodeJS.ErrnoException).code ? ` (${(error as NodeJS.ErrnoException).code})` : ''}.`);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { type?: unknown }).type !== 'string') {
    throw new UserError(`${file} is not a Google credentials file: it has no "type" (a service-account key has "type": "service_account").`);
  }
}

/** Writes GOOGLE_APPLICATION_CREDENTIALS where the setting is defined, else in the user's settings (a path is per machine). */
async function setKeyFilePath(keyFile: string): Promise<void> {
  await mergeArtifactsEnvironment({ GOOGLE_APPLICATION_CREDENTIALS: keyFile });
}

async function gcsKeyFile(explicit: ExplicitCredentials | undefined): Promise<string | undefined> {
  if (explicit) {
    if (!explicit.keyFile?.trim()) throw new UserError('Google Cloud Storage credentials need a service-account key file.');
    return explicit.keyFile.trim();
  }
  const picked = await vscode.window.showOpenDialog({ title: 'Service-account key file', canSelectMany: false, filters: { 'Key files': ['json'] }, openLabel: 'Use This Key' });
  return picked?.[0]?.fsPath;
}

async function setCredentials(session: StoreSession, secrets: vscode.SecretStorage, choice: CredentialChoice, explicit: ExplicitCredentials | undefined): Promise<CredentialsResult | undefined> {
  if (choice === 'clear') {
    const cleared = await clearCloudSecrets(secrets);
    session.log.info(cleared.length ? `Cleared the stored artifact store credentials (${cleared.join(', ')}).` : 'No artifact store credentials were stored.');
    await session.cloudEnvironmentChanged();
    void vscode.window.showInformationMessage(cleared.length ? "RunLens forgot its stored artifact store credentials: cloud roots now use the environment's." : 'RunLens had no artifact store credentials stored.');
    return { cleared };
  }
  if (choice === 'gcs') {
    const keyFile = await gcsKeyFile(explicit);
    if (!keyFile) return undefined;
    await checkKeyFile(keyFile);
    await setKeyFilePath(keyFile);
    session.log.info(`gs:// roots use the key file ${keyFile} (GOOGLE_APPLICATION_CREDENTIALS in runlens.artifacts.environment).`);
    await session.cloudEnvironmentChanged();
    return { provider: 'gcs', setting: 'GOOGLE_APPLICATION_CREDENTIALS', keyFile };
  }
  const values = choice === 's3' ? await s3Values(explicit) : await azureValues(explicit);
  if (!values) return undefined;
  const stored = await saveCloudSecrets(secrets, choice, values);
  session.log.info(`Stored ${stored.join(', ')} for ${choice === 's3' ? 's3://' : 'wasbs://'} roots in VS Code's secret storage.`);
  await session.cloudEnvironmentChanged();
  void vscode.window.showInformationMessage(`RunLens keeps the ${choice === 's3' ? 'S3' : 'Azure'} credentials in VS Code's secret storage; launched scripts get them too.`);
  return { provider: choice, stored };
}

export function registerCloudCredentialsCommand(context: vscode.ExtensionContext, session: StoreSession): void {
  context.subscriptions.push(
    // From the palette nothing is passed; callers may pass a choice and its values to skip the prompts.
    registerCommand(session.log, 'runlens.setArtifactCredentials', async (choiceArg?: unknown, valuesArg?: unknown): Promise<CredentialsResult | undefined> => {
      const given = stringArg(choiceArg);
      if (given !== undefined && !CHOICES.some((c) => c.choice === given)) throw new UserError(`Unknown artifact store '${given}': use s3, azure, gcs or clear.`);
      const choice = (given as CredentialChoice | undefined)
        ?? (await vscode.window.showQuickPick(CHOICES, { title: TITLE, placeHolder: 'Which artifact store?', ignoreFocusOut: true }))?.choice;
      if (!choice) return undefined;
      const explicit = given !== undefined && valuesArg !== undefined ? optionsArg<ExplicitCredentials>(valuesArg) : undefined;
      return setCredentials(session, context.secrets, choice, explicit);
    }),
  );
}
