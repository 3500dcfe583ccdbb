// Calls any MLflow tracking server through the shared route table: auth, timeouts, cancellation,
// retries with backoff for idempotent calls, and distinct errors for what can go wrong. Secrets
// stay in the Authorization header: messages never quote them, even when a server echoes them.
import { MlflowError, type ErrorCode, ERROR_CODE_HTTP_STATUS } from '../../shared/errors.ts';
import { objectToQuery } from '../../restApi/fields.ts';
import { parseMlflowJson, stringifyMlflowJson } from '../../restApi/mlflowJson.ts';
import { ROUTES, routeUrl, type RouteName } from '../../restApi/routes.ts';
import { CLIENT_AUDITS_HEADER } from '../audit/auditEvent.ts';
import { withIdleTimeout } from './idleTimeout.ts';
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
  /** Longest wait for an answer to start, and longest silence while its body streams (not a whole-transfer deadline). */
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

/** The strings no message may show: the token, the password and the header values built from them. */
function secretsOf(credentials: RestCredentials | undefined): string[] {
  const secrets = [credentials?.token, credentials?.password, authorization(credentials)?.replace(/^\w+ /u, '')];
  if (credentials?.username !== undefined && credentials.password !== undefined) secrets.push(`${credentials.username}:${credentials.password}`);
  return secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** A URL split into the address to request and any `user:password@` it carried (which fetch refuses). */
function splitUserInfo(url: string): { url: string; credentials?: RestCredentials } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (!parsed.username && !parsed.password) return { url };
  const credentials = { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  // URL keeps a trailing slash on a bare origin; callers expect what they gave.
  const bare = parsed.href.endsWith('/') && !url.endsWith('/') ? parsed.href.slice(0, -1) : parsed.href;
  return { url: bare, credentials };
}

/** A URL as messages show it: no query string (it may carry presigned signatures). */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.split('?')[0];
  }
}

/** Why fetch failed, in words a user can act on: refused, TLS, DNS, timeout. */
function networkError(error: unknown, url: string, timeoutMs: number): MlflowError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { name?: string }).name;
  const host = new URL(url).host;
  if (code === 'AbortError' || code === 'TimeoutError' || code === 'ABORT_ERR') return new MlflowError('DEADLINE_EXCEEDED', `No answer from ${shownUrl(url)} within ${timeoutMs} ms.`);
  if (code === 'ECONNREFUSED') return new MlflowError('TEMPORARILY_UNAVAILABLE', `Connection refused by ${host}: is the tracking server running?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new MlflowError('TEMPORARILY_UNAVAILABLE', `Cannot resolve the tracking server host ${new URL(url).hostname}.`);
  if (code && /CERT|SSL|TLS|SELF_SIGNED/u.test(code)) {
    return new MlflowError('PERMISSION_DENIED', `TLS failure talking to ${host} (${code}); set MLFLOW_TRACKING_INSECURE_TLS=true only for a server you trust.`);
  }
  return new MlflowError('TEMPORARILY_UNAVAILABLE', `Cannot reach ${shownUrl(url)}: ${cause?.message ?? (error as Error).message}`);
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
  if (status === 404) return new MlflowError('ENDPOINT_NOT_FOUND', `${shownUrl(url)} answered 404 without an MLflow error: is this an MLflow tracking server?`);
  const code = (Object.entries(ERROR_CODE_HTTP_STATUS).find(([, s]) => s === status)?.[0] ?? 'INTERNAL_ERROR') as ErrorCode;
  return new MlflowError(code, `The tracking server answered HTTP ${status}: ${body.slice(0, 200)}`);
}

/** The same error with every secret replaced: servers may echo what they were sent. */
function redacted(error: MlflowError, secrets: readonly string[]): MlflowError {
  let message = error.message;
  for (const secret of secrets) message = message.split(secret).join('***');
  return message === error.message ? error : new MlflowError(error.code, message);
}

export class RestClient {
  private readonly options: Required<Pick<RestClientOptions, 'timeoutMs' | 'maxRetries' | 'backoffMs'>> & Omit<RestClientOptions, 'credentials'>;
  // Hard-private, so neither util.inspect nor JSON.stringify of a client can show them.
  readonly #authorization: string | undefined;
  readonly #secrets: string[];

  constructor(options: RestClientOptions) {
    const { credentials: given, ...rest } = options;
    // `http://user:pass@host` works as MLflow's client (requests) takes it: Basic auth, unless credentials are given.
    const { url: baseUrl, credentials: fromUrl } = splitUserInfo(options.baseUrl);
    const credentials = authorization(given) ? given : fromUrl;
    this.options = { timeoutMs: 120_000, maxRetries: 5, backoffMs: 200, ...rest, baseUrl: baseUrl.replace(/\/+$/u, '') };
    this.#authorization = authorization(credentials);
    this.#secrets = [...secretsOf(given), ...secretsOf(fromUrl)];
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
    if (text.trim() === '') return {} as T;
    try {
      return parseMlflowJson(text) as T;
    } catch {
      // JSON.parse quotes the text it choked on; a login page may echo what it was sent, so it stays out.
      throw new MlflowError('INTERNAL_ERROR', `The answer from ${shownUrl(url)} is not JSON: is this an MLflow tracking server (or a login page in front of one)?`);
    }
  }

  /** Raw request (artifacts): retried like any idempotent call when `idempotent`. */
  async send(method: string, url: string, body: string | undefined, idempotent: boolean, signal?: AbortSignal): Promise<string> {
    const response = await this.fetchWithRetry(method, url, body, idempotent, signal);
    try {
      return await response.text();
    } catch (error) {
      throw this.bodyError(error, url, signal);
    }
  }

  /**
   * One request with auth, retries and timeouts. `timeoutMs` bounds the wait for the answer to
   * start and then every silence while its body streams, never the whole transfer: a large
   * download that keeps flowing is not cut off. The returned body fails with DEADLINE_EXCEEDED
   * once it stalls for `timeoutMs`.
   */
  async fetchWithRetry(method: string, url: string, body: RequestInit['body'], idempotent: boolean, signal?: AbortSignal, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const { timeoutMs, maxRetries, backoffMs } = this.options;
    const target = splitUserInfo(url);
    const secrets = [...this.#secrets, ...secretsOf(target.credentials)];
    const headers: Record<string, string> = { [CLIENT_AUDITS_HEADER]: '1', ...extraHeaders };
    if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
    const auth = this.#authorization ?? authorization(target.credentials);
    if (auth) headers.Authorization = auth;
    const fetchImpl = this.options.fetchImpl ?? (this.options.insecureTls ? insecureFetch : fetch);
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new MlflowError('CANCELLED', 'The request was cancelled.');
      const attemptAbort = new AbortController();
      const startTimer = setTimeout(() => attemptAbort.abort(new DOMException(`No answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
      let response: Response;
      try {
        const requestSignal = signal ? AbortSignal.any([signal, attemptAbort.signal]) : attemptAbort.signal;
        response = await fetchImpl(target.url, { method, headers, body, signal: requestSignal, duplex: 'half' } as RequestInit);
      } catch (error) {
        if (signal?.aborted) throw new MlflowError('CANCELLED', 'The request was cancelled.');
        const failure = redacted(networkError(error, target.url, timeoutMs), secrets);
        if (!idempotent || attempt >= maxRetries || failure.code !== 'TEMPORARILY_UNAVAILABLE') throw failure;
        await sleep(backoffMs * 2 ** attempt, signal);
        continue;
      } finally {
        clearTimeout(startTimer);
      }
      response = withIdleTimeout(response, timeoutMs, attemptAbort, () => new MlflowError(
        'DEADLINE_EXCEEDED', `The answer from ${shownUrl(target.url)} stalled: no data for ${timeoutMs} ms.`,
      ));
      if (response.ok) return response;
      const retryable = response.status === 429 || response.status >= 500;
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw this.bodyError(error, target.url, signal);
      }
      if (idempotent && retryable && attempt < maxRetries) {
        await sleep(backoffMs * 2 ** attempt, signal);
        continue;
      }
      throw redacted(httpError(response.status, text, target.url), secrets);
    }
  }

  /** A body that failed mid-way: stalled (already an MlflowError), cancelled, or cut off. */
  private bodyError(error: unknown, url: string, signal: AbortSignal | undefined): MlflowError {
    if (signal?.aborted) return new MlflowError('CANCELLED', 'The request was cancelled.');
    if (error instanceof MlflowError) return redacted(error, this.#secrets);
    return redacted(new MlflowError('TEMPORARILY_UNAVAILABLE', `The answer from ${shownUrl(url)} was cut off: ${(error as Error).message}`), this.#secrets);
  }
}
