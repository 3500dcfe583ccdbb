// Vendor SDK failures sorted into the few a user can act on, each answered with one message
// that names the bucket and the fix. SDK messages are never passed on whole: some quote keys.
import { MlflowError } from '../../../shared/errors.ts';
import { showPath } from '../artifactPath.ts';
import type { CloudLocation, CloudProvider } from './cloudLocation.ts';

export type CloudFailureKind =
  | 'missing' // the object does not exist
  | 'no-credentials'
  | 'denied'
  | 'no-bucket'
  | 'unreachable'
  | 'tls'
  | 'clock-skew'
  | 'timeout'
  | 'other';

/** What an adapter throws: the kind, plus a short detail that holds no secret (an error code, an endpoint). */
export class CloudFailure extends Error {
  readonly kind: CloudFailureKind;
  constructor(kind: CloudFailureKind, detail: string) {
    super(detail);
    this.name = 'CloudFailure';
    this.kind = kind;
  }
}

/**
 * By shape, not instanceof: the vendor adapters run from their own bundles (dist/cloud-sdk/*.js),
 * each with its own copy of this class.
 */
export function isCloudFailure(error: unknown): error is CloudFailure {
  return error instanceof Error && error.name === 'CloudFailure' && typeof (error as Partial<CloudFailure>).kind === 'string';
}

export const SET_CREDENTIALS_COMMAND = "the 'RunLens: Set Artifact Store Credentials…' command";

const CREDENTIAL_HINTS: Record<CloudProvider, string> = {
  s3: `Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run ${SET_CREDENTIALS_COMMAND}`,
  gcs: `Set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file, run 'gcloud auth application-default login', or run ${SET_CREDENTIALS_COMMAND}`,
  azure: `Set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCESS_KEY, sign in with 'az login', or run ${SET_CREDENTIALS_COMMAND}`,
};
const ENDPOINT_HINTS: Record<CloudProvider, string> = {
  s3: 'check MLFLOW_S3_ENDPOINT_URL and the network',
  gcs: 'check the network (and STORAGE_EMULATOR_HOST when set)',
  azure: 'check the account name, the connection string and the network',
};
const TLS_HINTS: Record<CloudProvider, string> = {
  s3: "for an S3-compatible server with a self-signed certificate set MLFLOW_S3_IGNORE_TLS=true, or NODE_EXTRA_CA_CERTS to its CA file",
  gcs: 'set NODE_EXTRA_CA_CERTS to the CA file of the proxy in between',
  azure: 'set NODE_EXTRA_CA_CERTS to the CA file of the proxy in between',
};
const CONTAINER_WORD: Record<CloudProvider, string> = { s3: 'Bucket', gcs: 'Bucket', azure: 'Container' };

/** Any failure of a cloud call on `relative` (an artifact path, '' for the root) as an MlflowError. */
export function cloudError(error: unknown, location: CloudLocation, relative: string, signal?: AbortSignal): MlflowError {
  if (error instanceof MlflowError) return error;
  if (signal?.aborted) return new MlflowError('CANCELLED', `Transfer of artifact '${showPath(relative)}' was cancelled.`);
  const failure = isCloudFailure(error) ? error : new CloudFailure('other', (error as Error)?.name ?? 'unknown error');
  const where = location.shown;
  const what = relative ? `artifact '${showPath(relative)}' in ${where}` : where;
  const { provider } = location;
  switch (failure.kind) {
    case 'missing':
      return MlflowError.notFound(`No such artifact: '${showPath(relative)}' under ${where}`);
    case 'no-credentials':
      return new MlflowError('UNAUTHENTICATED', `No credentials found for ${where}. ${CREDENTIAL_HINTS[provider]}.`);
    case 'denied':
      return new MlflowError('PERMISSION_DENIED', `Access denied to ${what} (${failure.message}). Check that the credentials are right and allowed to read this ${CONTAINER_WORD[provider].toLowerCase()}: ${CREDENTIAL_HINTS[provider]}.`);
    case 'no-bucket':
      return MlflowError.notFound(`${CONTAINER_WORD[provider]} '${location.bucket}' of ${where} does not exist (${failure.message}). Check the experiment's artifact location and the endpoint the credentials point at.`);
    case 'unreachable':
      return new MlflowError('TEMPORARILY_UNAVAILABLE', `Cannot reach the storage endpoint for ${where} (${failure.message}): ${ENDPOINT_HINTS[provider]}.`);
    case 'tls':
      return new MlflowError('TEMPORARILY_UNAVAILABLE', `TLS failure talking to the storage endpoint for ${where} (${failure.message}): ${TLS_HINTS[provider]}.`);
    case 'clock-skew':
      return new MlflowError('PERMISSION_DENIED', `The storage service for ${where} refused the request because this machine's clock is off (${failure.message}). Set the system clock to the right time (enable NTP) and retry.`);
    case 'timeout':
      return new MlflowError('DEADLINE_EXCEEDED', `The storage endpoint for ${where} did not answer in time (${failure.message}): ${ENDPOINT_HINTS[provider]}.`);
    default:
      return new MlflowError('INTERNAL_ERROR', `Artifact operation on ${what} failed (${failure.message}).`);
  }
}

/** Node's network error codes, shared by every adapter. */
export function networkFailure(error: unknown, endpoint: string): CloudFailure | undefined {
  const code = (error as NodeJS.ErrnoException)?.code ?? (error as { cause?: NodeJS.ErrnoException })?.cause?.code;
  const name = (error as Error)?.name;
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'].includes(code)) {
    return new CloudFailure('unreachable', `${code} at ${endpoint}`);
  }
  if (code && (/^(CERT_|ERR_TLS|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO)/u.test(code) || code === 'EPROTO')) return new CloudFailure('tls', `${code} at ${endpoint}`);
  if (code === 'ETIMEDOUT' || name === 'TimeoutError') return new CloudFailure('timeout', `no answer from ${endpoint}`);
  return undefined;
}

/** An endpoint URL as messages may show it: scheme, host and port only (never user:password@). */
export function shownEndpoint(url: string | undefined, fallback: string): string {
  if (!url) return fallback;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return fallback;
  }
}
