// What the connection UI says: URL checks, why a connection failed, and how a store is named in
// the status bar. No vscode here, so it is unit-tested under plain Node.
import path from 'node:path';
import { MlflowError } from '../../shared/errors.ts';
import type { StoreKind } from '../../store/openStore.ts';

/** Why a typed server URL cannot be used, or undefined when it can. */
export function serverUrlProblem(value: string): string | undefined {
  const text = value.trim();
  if (!text) return 'Enter the tracking server URL, e.g. http://localhost:5000';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a URL: use http://host:port or https://host/path`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Only http:// and https:// tracking servers are supported, not ${url.protocol}//`;
  if (url.username || url.password) return 'Do not put credentials in the URL: RunLens asks for them next and keeps them in secret storage';
  if (url.search || url.hash) return 'The URL must not have a query (?…) or fragment (#…)';
  return undefined;
}

/** The URL as it will be saved: trimmed, without trailing slashes. */
export function normalizeServerUrl(value: string): string {
  const url = new URL(value.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/u, '')}`;
}

/** One sentence per way a connection attempt fails: credentials, access, network, TLS, not MLflow. */
export function connectionFailureMessage(error: unknown, serverUrl: string): string {
  const host = new URL(serverUrl).host;
  if (error instanceof SyntaxError) return `${host} answered, but not with MLflow's JSON: is ${serverUrl} an MLflow tracking server?`;
  if (!(error instanceof MlflowError)) return `Cannot connect to ${host}: ${(error as Error)?.message ?? String(error)}`;
  switch (error.code) {
    case 'UNAUTHENTICATED':
    case 'CUSTOMER_UNAUTHORIZED':
      return `${host} rejected the credentials (401): check the token or the username and password.`;
    case 'PERMISSION_DENIED':
      return /TLS/u.test(error.message) ? error.message : `${host} refused access (403): these credentials may not read experiments.`;
    case 'ENDPOINT_NOT_FOUND':
      return `${host} has no MLflow REST API at ${serverUrl}: is this an MLflow tracking server (check the path prefix)?`;
    default:
      return error.message;
  }
}

/** The short name of a store for the status bar: the db file, the folder, or the server host. */
export function storeShortName(kind: StoreKind, location: string): string {
  if (kind === 'remote') {
    try {
      return new URL(location).host;
    } catch {
      return location;
    }
  }
  return path.basename(location);
}

export interface StatusBarContent {
  text: string;
  tooltip: string;
}

/** `$(beaker) RunLens: mlflow.db`, with `$(radio-tower) 127.0.0.1:PORT` while the embedded server runs. */
export function statusBarContent(kind: StoreKind, location: string, serverUrl: string | undefined, readOnlyReason?: string): StatusBarContent {
  const serverHost = serverUrl ? new URL(serverUrl).host : undefined;
  const text = `$(beaker) RunLens: ${storeShortName(kind, location)}${serverHost ? `  $(radio-tower) ${serverHost}` : ''}`;
  const what = kind === 'remote' ? 'Tracking server' : kind === 'sqlite' ? 'SQLite store' : 'mlruns folder';
  const lines = [`${what}: ${location}`];
  if (readOnlyReason) lines.push(`Read-only: ${readOnlyReason}`);
  lines.push(serverUrl ? `Embedded tracking server: ${serverUrl} (MLFLOW_TRACKING_URI in new terminals)` : kind === 'sqlite' ? 'Embedded tracking server: stopped' : '');
  lines.push('Click for RunLens actions');
  return { text, tooltip: lines.filter(Boolean).join('\n') };
}
