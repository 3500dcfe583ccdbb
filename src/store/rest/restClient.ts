// Calls any MLflow tracking server through the shared route table: auth, timeouts, cancellation,
// retries with backoff for idempotent calls, and distinct errors for what can go wrong.
import { MlflowError, type ErrorCode, ERROR_CODE_HTTP_STATUS } from '../../shared/errors.ts';
import { objectToQuery } from '../../restApi/fields.ts';
import { parseMlflowJson, stringifyMlflowJson } from '../../restApi/mlflowJson.ts';
import { ROUTES, routeUrl, type RouteName } from '../../restApi/routes.ts';
import { insecureFetch } from './insecureFetch.ts';

export interface RestCredentials {
  token?: string;
  username?: string;
  password?: string;
}

export interface RestClientOptions {
  /** `http(s)://host:port[/prefix]` of the tracking server. */
  baseUrl: string;
  credentials?: RestCredentials;
  /** MLFLOW_TRACKING_INSECURE_TLS: skip certificate checks (self-signed team servers). */
  insecureTls?: boolean;
  timeoutMs?: number;
  maxRetries?: number;
  backoffMs?: number;
  fetchImpl?: typeof fetch;
}

/** Reads MLflow's client environment variables (MLFLOW_TRACKING_TOKEN, _USERNAME, _PASSWORD, _INSECURE_TLS). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): { credentials: RestCredentials; insecureTls: boolean } {
  return {
    credentials: { token: env.MLFLOW_TRACKING_TOKEN || undefined, username: env.MLFLOW_TRACKING_USERNAME || undefined, password: env.MLFLOW_TRACKING_PASSWORD || undefined },
    insecureTls: env.MLFLOW_TRACKING_INSECURE_TLS === 'true',
  };
}

// Reads and deletes are safe to repeat; creates and appends are not.
const IDEMPOTENT = new Set<RouteName>([
  'getExperiment', 'getExperimentByName', 'searchExperiments', 'getRun', 'searchRuns', 'getMetricHistory', 'getMetricHistoryBulkInterval',
  'listArtifacts', 'getLoggedModel', 'searchLoggedModels', 'listLoggedModelArtifacts', 'getRegisteredModel', 'searchRegisteredModels',
  'getLatestVersions', 'getModelVersionByAlias', 'getModelVersion', 'searchModelVersions', 'getModelVersionDownloadUri', 'serverInfo',
  'setTag', 'setExperimentTag', 'setRegisteredModelTag', 'setModelVersionTag', 'setRegisteredModelAlias', 'logParam', 'logBatch', 'logMetric',
  'updateRun', 'deleteRun', 'restoreRun', 'updateExperiment',
]);

const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new MlflowError('CANCELLED', 'The request was cancelled.')); }, { once: true });
});

function authorization(credentials: RestCredentials | undefined): string | undefined {
  if (credentials?.username !== undefined && credentials.password !== undefined) {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  }
  return credentials?.token ? `Bearer ${credentials.token}` : undefined;
}

/** Why fetch failed, in words a user can act on: refused, TLS, DNS, timeout. */
function networkError(error: unknown, url: string, timeoutMs: number): MlflowError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { name?: string }).name;
  if (code === 'AbortError' || code === 'TimeoutError') return new MlflowError('DEADLINE_EXCEEDED', `No answer from ${url} within ${timeoutMs} ms.`);
  if (code === 'ECONNREFUSED') return new MlflowError('TEMPORARILY_UNAVAILABLE', `Connection refused by ${new URL(url).host}: is the tracking server running?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new MlflowError('TEMPORARILY_UNAVAILABLE', `Cannot resolve the tracking server host ${new URL(url).hostname}.`);
  if (code && /CERT|SSL|TLS|SELF_SIGNED/u.test(code)) {
    return new MlflowError('PERMISSION_DENIED', `TLS failure talking to ${new URL(url).host} (${code}); set MLFLOW_TRACKING_INSECURE_TLS=true only for a server you trust.`);
  }
  return new MlflowError('TEMPORARILY_UNAVAILABLE', `Cannot reach ${url}: ${cause?.message ?? (error as Error).message}`);
}

function httpError(status: number, body: string, url: string): MlflowError {
  let parsed: { error_code?: string; message?: string } | undefined;
  try {
    parsed = JSON.parse(body) as { error_code?: string; message?: string };
  } catch { /* not JSON */ }
  if (parsed?.error_code && parsed.error_code in ERROR_CODE_HTTP_STATUS) {
    return new MlflowError(parsed.error_code as ErrorCode, parsed.message ?? parsed.error_code);
  }
  if (status === 401) return new MlflowError('UNAUTHENTICATED', `The tracking server at ${new URL(url).host} needs credentials (401): set a token or username and password.`);
  if (status === 403) return new MlflowError('PERMISSION_DENIED', `The tracking server refused access (403) to ${new URL(url).pathname}.`);
  if (status === 404) return new MlflowError('ENDPOINT_NOT_FOUND', `${url} answered 404 without an MLflow error: is this an MLflow tracking server?`);
  const code = (Object.entries(ERROR_CODE_HTTP_STATUS).find(([, s]) => s === status)?.[0] ?? 'INTERNAL_ERROR') as ErrorCode;
  return new MlflowError(code, `The tracking server answered HTTP ${status}: ${body.slice(0, 200)}`);
}

export class RestClient {
  private readonly options: Required<Pick<RestClientOptions, 'timeoutMs' | 'maxRetries' | 'backoffMs'>> & RestClientOptions;

  constructor(options: RestClientOptions) {
    this.options = { timeoutMs: 120_000, maxRetries: 5, backoffMs: 200, ...options, baseUrl: options.baseUrl.replace(/\/+$/u, '') };
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Calls a route with a snake_case request and returns its parsed JSON response. */
  async call<T = Record<string, unknown>>(name: RouteName, request: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const route = ROUTES[name];
    const method = route.methods[0];
    const pathParams = new Set([...route.path.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]));
    // MLflow's server also reads path parameters from the JSON body of non-GET requests.
    const rest = Object.fromEntries(Object.entries(request).filter(([k, v]) => (method !== 'GET' || !pathParams.has(k)) && v !== undefined));
    let url = `${this.options.baseUrl}${routeUrl(route, request)}`;
    let body: string | undefined;
    if (method === 'GET') {
      const query = objectToQuery(rest).toString();
      if (query) url += `?${query}`;
    } else {
      body = stringifyMlflowJson(rest);
    }
    const text = await this.send(method, url, body, IDEMPOTENT.has(name), signal);
    return (text.trim() === '' ? {} : parseMlflowJson(text)) as T;
  }

  /** Raw request (artifacts): retried like any idempotent call when `idempotent`. */
  async send(method: string, url: string, body: string | undefined, idempotent: boolean, signal?: AbortSignal): Promise<string> {
    const response = await this.fetchWithRetry(method, url, body, idempotent, signal);
    return response.text();
  }

  async fetchWithRetry(method: string, url: string, body: RequestInit['body'], idempotent: boolean, signal?: AbortSignal, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const { timeoutMs, maxRetries, backoffMs } = this.options;
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    const auth = authorization(this.options.credentials);
    if (auth) headers.Authorization = auth;
    const fetchImpl = this.options.fetchImpl ?? (this.options.insecureTls ? insecureFetch : fetch);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new MlflowError('CANCELLED', 'The request was cancelled.');
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetchImpl(url, { method, headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout, duplex: 'half' } as RequestInit);
      } catch (error) {
        if (signal?.aborted) throw new MlflowError('CANCELLED', 'The request was cancelled.');
        const failure = networkError(error, url, timeoutMs);
        if (!idempotent || attempt >= maxRetries || failure.code !== 'TEMPORARILY_UNAVAILABLE') throw failure;
        await sleep(backoffMs * 2 ** attempt, signal);
        continue;
      }
      if (response.ok) return response;
      const retryable = response.status === 429 || response.status >= 500;
      if (idempotent && retryable && attempt < maxRetries) {
        await response.arrayBuffer();
        await sleep(backoffMs * 2 ** attempt, signal);
        continue;
      }
      throw httpError(response.status, await response.text(), url);
    }
  }
}
