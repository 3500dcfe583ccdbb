// @google-cloud/storage and google-auth-library failures sorted into CloudFailure kinds. Only
// status codes and Google's reason words go into the detail: messages can quote paths and tokens.
import { CloudFailure, networkFailure } from './cloudErrors.ts';

interface GoogleError {
  name?: string;
  code?: number | string;
  message?: string;
  errors?: { reason?: string }[];
  response?: { status?: number; data?: { error?: unknown; error_description?: unknown } };
}

const word = (value: unknown) => (typeof value === 'string' && /^[A-Za-z_]{1,40}$/u.test(value) ? value : undefined);

/**
 * `notFound` says what a 404 means for the call: a listing or an upload only fails so when the
 * bucket is missing; a download also when the object is (GCS then names the bucket in its message).
 */
export function classifyGcsError(error: unknown, endpoint: string, notFound: 'object' | 'bucket'): unknown {
  if (error instanceof CloudFailure) return error;
  const failure = error as GoogleError;
  const message = typeof failure?.message === 'string' ? failure.message : '';
  // Network codes first: the HTTP layer names its own timeouts AbortError.
  const network = networkFailure(error, endpoint);
  if (network) return network;
  if (failure?.name === 'AbortError') return error;
  const status = typeof failure?.code === 'number' ? failure.code : failure?.response?.status;
  const reason = word(failure?.errors?.[0]?.reason);
  // The OAuth token endpoint: a refused key or refresh token, or a JWT this machine's clock dated wrongly.
  const oauthError = word(failure?.response?.data?.error);
  if (oauthError) {
    const description = String(failure.response?.data?.error_description ?? '');
    if (/iat|exp\b|timeframe|clock/iu.test(description)) return new CloudFailure('clock-skew', oauthError);
    return new CloudFailure('denied', oauthError);
  }
  if (/could not load the default credentials|does not contain a client_email|no (?:access|refresh) token/iu.test(message)) {
    return new CloudFailure('no-credentials', 'no application-default credentials or key file');
  }
  if (failure?.code === 'ENOENT' || failure?.code === 'EACCES') return new CloudFailure('no-credentials', 'GOOGLE_APPLICATION_CREDENTIALS names no readable file');
  if (failure?.name === 'SyntaxError') return new CloudFailure('no-credentials', 'the key file is not valid JSON');
  if (status === 401 || status === 403) return new CloudFailure('denied', `HTTP ${status}${reason ? ` ${reason}` : ''}`);
  if (status === 404) {
    return notFound === 'bucket' || /bucket does not exist/iu.test(message) ? new CloudFailure('no-bucket', `HTTP 404 at ${endpoint}`) : new CloudFailure('missing', 'HTTP 404');
  }
  if (status === 408) return new CloudFailure('timeout', `no answer from ${endpoint}`);
  return new CloudFailure('other', `${word(failure?.name) ?? 'error'}${status ? ` HTTP ${status}` : ''}${reason ? ` ${reason}` : ''}`);
}
