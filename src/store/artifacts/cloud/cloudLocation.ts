// Cloud artifact URIs as MLflow writes them: s3://bucket/prefix, gs://bucket/prefix,
// wasbs://container@account.blob.core.windows.net/prefix and abfss://container@account.dfs.core.windows.net/prefix.
import { MlflowError } from '../../../shared/errors.ts';
import { showPath } from '../artifactPath.ts';

export type CloudProvider = 's3' | 'gcs' | 'azure';

export interface CloudLocation {
  provider: CloudProvider;
  /** The S3/GCS bucket or the Azure container. */
  bucket: string;
  /** Azure only: the storage account and the host the URI named. */
  account?: string;
  host?: string;
  /** Key prefix of the root: no leading or trailing '/', '' for the bucket's top. */
  prefix: string;
  /** How messages name it: `s3://bucket/prefix` (never any credential). */
  shown: string;
}

const SCHEMES: Record<string, CloudProvider> = { s3: 's3', s3a: 's3', s3n: 's3', gs: 'gcs', wasbs: 'azure', wasb: 'azure', abfss: 'azure', abfs: 'azure' };

export function cloudProviderOf(uri: string): CloudProvider | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//u.exec(uri);
  return match ? SCHEMES[match[1].toLowerCase()] : undefined;
}

function invalid(uri: string, reason: string): MlflowError {
  return MlflowError.invalidParameter(`Invalid artifact root '${showPath(uri)}': ${reason}.`);
}

/** Parses a cloud root URI; refuses queries, fragments, '..' and empty bucket names. */
export function parseCloudLocation(uri: string): CloudLocation {
  const provider = cloudProviderOf(uri);
  if (!provider) throw invalid(uri, 'not an s3://, gs://, wasbs:// or abfss:// URI');
  if (/[?#]/u.test(uri)) throw invalid(uri, 'query strings and fragments are not allowed');
  const scheme = uri.slice(0, uri.indexOf(':')).toLowerCase();
  const rest = uri.slice(uri.indexOf('://') + 3);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const segments = (slash < 0 ? '' : rest.slice(slash + 1)).split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw invalid(uri, "'..' segments are not allowed");
  const prefix = segments.join('/');
  if (provider !== 'azure') {
    if (!/^[A-Za-z0-9._-]+$/u.test(authority)) throw invalid(uri, 'it names no valid bucket');
    return { provider, bucket: authority, prefix, shown: `${scheme}://${authority}${prefix ? `/${prefix}` : ''}` };
  }
  const at = authority.indexOf('@');
  const container = at < 0 ? '' : authority.slice(0, at);
  const host = at < 0 ? authority : authority.slice(at + 1);
  const account = host.split('.')[0];
  if (!container || !/^[A-Za-z0-9-]+$/u.test(container)) throw invalid(uri, 'expected <container>@<account>.blob.core.windows.net');
  if (!account || !/^[A-Za-z0-9.-]+(?::\d+)?$/u.test(host)) throw invalid(uri, 'it names no storage account');
  return { provider, bucket: container, account, host, prefix, shown: `${scheme}://${container}@${host}${prefix ? `/${prefix}` : ''}` };
}

/** The key of a checked relative artifact path under the root's prefix. */
export function keyFor(location: CloudLocation, relative: string): string {
  return [location.prefix, relative].filter((part) => part !== '').join('/');
}
