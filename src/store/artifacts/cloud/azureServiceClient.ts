// The Blob service client for an Azure root, authenticated as MLflow 3.18's repositories do:
// wasbs:// (AzureBlobArtifactRepository) takes AZURE_STORAGE_CONNECTION_STRING first (its
// BlobEndpoint wins: Azurite, sovereign clouds), then AZURE_STORAGE_ACCESS_KEY for the URI's
// account, then DefaultAzureCredential; abfss:// (AzureDataLakeArtifactRepository) takes
// AZURE_STORAGE_SAS_TOKEN, then DefaultAzureCredential. ADLS Gen2 accounts serve the Blob API
// too, so abfss roots are read through the account's blob endpoint.
import { AnonymousCredential, BlobServiceClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/core-auth';
import { parseAzureConnectionString } from './azureConnectionString.ts';
import type { CloudLocation } from './cloudLocation.ts';
import type { CloudEnvironment } from './objectStore.ts';

// Few, short retries: with the SDK's defaults (4 tries, 4 s exponential) a refused connection
// takes 16 s before anyone hears of it.
const PIPELINE_OPTIONS: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 2_000 },
};
// The Azure CLI / azd / PowerShell steps of DefaultAzureCredential run processes: bound them.
const CREDENTIAL_PROCESS_TIMEOUT_MS = 10_000;

const set = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/** abfss://fs@acct.dfs.core.windows.net is an ADLS Gen2 URI (MLflow reads it through its Data Lake repository). */
export function isDataLakeLocation(location: CloudLocation): boolean {
  return /^[^.]+\.dfs\./iu.test(location.host ?? '');
}

/** https://<account>.blob.<cloud suffix>: the URI's host, with an ADLS `dfs` endpoint mapped to `blob`. */
export function accountUrlFor(location: CloudLocation): string {
  const host = (location.host ?? '').replace(/^([^.]+)\.dfs\./iu, '$1.blob.');
  return `https://${host}`;
}

/** Which of MLflow's credential sources applies; named in messages, never the value. */
export type AzureCredentialSource = 'connection-string' | 'access-key' | 'sas-token' | 'default-credential';

export function credentialSourceFor(location: CloudLocation, env: CloudEnvironment): AzureCredentialSource {
  if (isDataLakeLocation(location)) return set(env.AZURE_STORAGE_SAS_TOKEN) ? 'sas-token' : 'default-credential';
  if (set(env.AZURE_STORAGE_CONNECTION_STRING)) return 'connection-string';
  if (set(env.AZURE_STORAGE_ACCESS_KEY)) return 'access-key';
  return 'default-credential';
}

export async function blobServiceClientFor(location: CloudLocation, env: CloudEnvironment): Promise<BlobServiceClient> {
  const accountUrl = accountUrlFor(location);
  switch (credentialSourceFor(location, env)) {
    case 'connection-string': {
      const connection = parseAzureConnectionString(set(env.AZURE_STORAGE_CONNECTION_STRING) as string);
      // Azurite's well-known account: the SDK knows its endpoint and published key.
      if (connection.kind === 'development') return BlobServiceClient.fromConnectionString('UseDevelopmentStorage=true', PIPELINE_OPTIONS);
      if (connection.accountName && connection.accountKey) {
        return new BlobServiceClient(connection.blobEndpoint, new StorageSharedKeyCredential(connection.accountName, connection.accountKey), PIPELINE_OPTIONS);
      }
      const url = connection.sas ? `${connection.blobEndpoint}?${connection.sas}` : connection.blobEndpoint;
      return new BlobServiceClient(url, new AnonymousCredential(), PIPELINE_OPTIONS);
    }
    case 'access-key':
      return new BlobServiceClient(accountUrl, new StorageSharedKeyCredential(location.account ?? '', set(env.AZURE_STORAGE_ACCESS_KEY) as string), PIPELINE_OPTIONS);
    case 'sas-token': {
      const token = (set(env.AZURE_STORAGE_SAS_TOKEN) as string).replace(/^\?/u, '');
      return new BlobServiceClient(`${accountUrl}?${token}`, new AnonymousCredential(), PIPELINE_OPTIONS);
    }
    case 'default-credential':
      return new BlobServiceClient(accountUrl, await defaultCredential(env), PIPELINE_OPTIONS);
  }
}

/**
 * DefaultAzureCredential (environment service principal, workload and managed identity, Azure CLI,
 * azd, PowerShell). A service principal entered in RunLens rather than in the process environment
 * is used directly, as the chain's EnvironmentCredential would use it.
 */
async function defaultCredential(env: CloudEnvironment): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  const tenantId = set(env.AZURE_TENANT_ID);
  const clientId = set(env.AZURE_CLIENT_ID);
  const secret = set(env.AZURE_CLIENT_SECRET);
  if (tenantId && clientId && secret) return new identity.ClientSecretCredential(tenantId, clientId, secret);
  return new identity.DefaultAzureCredential({
    tenantId,
    managedIdentityClientId: clientId,
    workloadIdentityClientId: clientId,
    processTimeoutInMs: CREDENTIAL_PROCESS_TIMEOUT_MS,
  });
}
