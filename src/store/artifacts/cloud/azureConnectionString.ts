// AZURE_STORAGE_CONNECTION_STRING read as the Python SDK behind MLflow reads it: names in any
// case, BlobEndpoint first, else <protocol>://<account>.blob.<suffix>, else
// https://<account>.blob.<suffix or core.windows.net>. (The Node SDK's own parser refuses strings Python accepts, such as
// "AccountName=…;AccountKey=…" alone.) Reasons name the setting, never its value.
import { CloudFailure } from './cloudErrors.ts';

export type AzureConnection =
  | { kind: 'development' }
  | { kind: 'account'; blobEndpoint: string; accountName?: string; accountKey?: string; sas?: string };

const invalid = (reason: string) => new CloudFailure('other', `AZURE_STORAGE_CONNECTION_STRING is not a valid storage connection string: ${reason}`);

export function parseAzureConnectionString(text: string): AzureConnection {
  const settings = new Map<string, string>();
  for (const part of text.trim().replace(/;+$/u, '').split(';')) {
    const equals = part.indexOf('=');
    if (equals < 0) throw invalid('every part must be Name=value');
    settings.set(part.slice(0, equals).trim().toUpperCase(), part.slice(equals + 1).trim());
  }
  if (settings.get('USEDEVELOPMENTSTORAGE') === 'true') return { kind: 'development' };
  const accountName = settings.get('ACCOUNTNAME') || undefined;
  const accountKey = settings.get('ACCOUNTKEY') || undefined;
  const sas = settings.get('SHAREDACCESSSIGNATURE')?.replace(/^\?/u, '') || undefined;
  let blobEndpoint = settings.get('BLOBENDPOINT');
  if (!blobEndpoint) {
    if (!accountName) throw invalid('it names neither a BlobEndpoint nor an AccountName');
    const protocol = settings.get('DEFAULTENDPOINTSPROTOCOL');
    const suffix = settings.get('ENDPOINTSUFFIX');
    // As in Python: the protocol counts only beside a suffix; otherwise https on Azure's public cloud.
    blobEndpoint = protocol !== undefined && suffix !== undefined ? `${protocol}://${accountName}.blob.${suffix}` : `https://${accountName}.blob.${suffix || 'core.windows.net'}`;
  }
  try {
    new URL(blobEndpoint);
  } catch {
    throw invalid('its blob endpoint is not a URL');
  }
  const key = accountName && accountKey ? { accountName, accountKey } : {};
  return { kind: 'account', blobEndpoint: blobEndpoint.replace(/\/+$/u, ''), ...key, ...(key.accountKey ? {} : { sas }) };
}
