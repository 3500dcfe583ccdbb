// Artifact store credentials live in VS Code's SecretStorage, one entry per provider, under
// MLflow's own variable names; never in settings files, never in logs.
import type * as vscode from 'vscode';
import { PROVIDER_CREDENTIAL_VARIABLES, type CloudCredentialProvider, type StoredCloudSecrets } from './cloudEnvironment.ts';

const KEY_PREFIX = 'runlens.artifactCredentials:';
const PROVIDERS = Object.keys(PROVIDER_CREDENTIAL_VARIABLES) as CloudCredentialProvider[];

export function isCloudSecretKey(key: string): boolean {
  return key.startsWith(KEY_PREFIX);
}

async function loadOne(secrets: vscode.SecretStorage, provider: CloudCredentialProvider): Promise<Record<string, string> | undefined> {
  const stored = await secrets.get(`${KEY_PREFIX}${provider}`);
  if (!stored) return undefined;
  try {
    const parsed = JSON.parse(stored) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return undefined;
  }
}

export async function loadCloudSecrets(secrets: vscode.SecretStorage): Promise<StoredCloudSecrets> {
  const loaded = await Promise.all(PROVIDERS.map(async (provider) => [provider, await loadOne(secrets, provider)] as const));
  return Object.fromEntries(loaded.filter(([, values]) => values !== undefined));
}

/** Replaces a provider's stored variables; empty values are dropped, nothing left deletes the entry. */
export async function saveCloudSecrets(secrets: vscode.SecretStorage, provider: CloudCredentialProvider, values: Record<string, string | undefined>): Promise<string[]> {
  const kept = Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => PROVIDER_CREDENTIAL_VARIABLES[provider].includes(entry[0]) && !!entry[1]));
  if (Object.keys(kept).length === 0) await secrets.delete(`${KEY_PREFIX}${provider}`);
  else await secrets.store(`${KEY_PREFIX}${provider}`, JSON.stringify(kept));
  return Object.keys(kept).sort();
}

/** Deletes every provider's stored credentials; returns the providers that had some. */
export async function clearCloudSecrets(secrets: vscode.SecretStorage): Promise<CloudCredentialProvider[]> {
  const had = Object.keys(await loadCloudSecrets(secrets)) as CloudCredentialProvider[];
  await Promise.all(PROVIDERS.map((provider) => secrets.delete(`${KEY_PREFIX}${provider}`)));
  return had;
}
