// How a Python mlflow process RunLens starts (a launch, a model server) reaches the connected store
// directly: a remote server with the credentials RunLens signs in with, the mlflow.db file, or the
// mlruns folder.
import { pathToFileURL } from 'node:url';
import type * as vscode from 'vscode';
import type { OpenedStore } from '../../store/openStore.ts';
import { credentialsFromEnv } from '../../store/rest/restClient.ts';
import { loadCredentials } from '../credentials.ts';
import type { ClientTarget } from './launchCommand.ts';

export async function directClientTarget(store: OpenedStore, secrets: vscode.SecretStorage): Promise<ClientTarget> {
  if (store.kind === 'remote') {
    const env = credentialsFromEnv();
    return { trackingUri: store.location, credentials: (await loadCredentials(secrets, store.location)) ?? env.credentials, insecureTls: env.insecureTls };
  }
  if (store.kind === 'mlruns') return { trackingUri: pathToFileURL(store.location).href };
  return { trackingUri: `sqlite:///${store.location}` };
}
