// MLflow's REST API over our stores on node:http: security checks, routing, JSON in and out,
// the artifact proxy, change events, and a graceful close.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedMessage, boundedQuote } from '../shared/boundedQuote.ts';
import { MlflowError, httpStatusForCode } from '../shared/errors.ts';
import { checkRequest, queryToObject } from '../restApi/fields.ts';
import { stringifyMlflowJson } from '../restApi/mlflowJson.ts';
import { CloudArtifactRepository } from '../store/artifacts/cloud/cloudArtifactRepository.ts';
import { cloudProviderOf } from '../store/artifacts/cloud/cloudLocation.ts';
import type { CloudEnvironment } from '../store/artifacts/cloud/objectStore.ts';
import type { ModelRegistryStore } from '../store/modelRegistryStore.ts';
import type { TrackingStore } from '../store/trackingStore.ts';
import { handleArtifactProxy } from './artifacts/artifactProxy.ts';
import { ChangeEvents } from './changeEvents.ts';
import { answerClientError, MAX_HEADER_BYTES, MAX_URL_CHARS } from './clientErrors.ts';
import { landingPage } from './landingPage.ts';
import { auditedRegistry } from '../store/audit/auditedRegistry.ts';
import { auditUser, CLIENT_AUDITS_HEADER } from './auditUser.ts';
import { artifactHandlers } from './handlers/artifactHandlers.ts';
import type { Handler, HandlerContext } from './handlers/handlerContext.ts';
import { loggedModelHandlers } from './handlers/loggedModelHandlers.ts';
import { registryHandlers, REGISTRY_WRITES } from './handlers/registryHandlers.ts';
import { trackingHandlers } from './handlers/trackingHandlers.ts';
import { LOG_BATCH_MAX_BYTES } from './logBatchLimit.ts';
import { queryParams } from './queryParams.ts';
import { createRequestBodyParser, type RequestBodyParser } from './requestBodyParser.ts';
import { authTokenProblem, guardRequest, LOOPBACK_HOSTS, type GuardOptions } from './requestGuard.ts';
import { matchRoutes } from './routeMatcher.ts';

const HANDLERS: Record<string, Handler | undefined> = { ...trackingHandlers, ...registryHandlers, ...loggedModelHandlers, ...artifactHandlers };
const ARTIFACT_PREFIX = /^\/(?:api|ajax-api)\/2\.0\/mlflow-artifacts\//u;
/** JSON bodies other than log-batch; generous, but bounded so one request cannot exhaust memory. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export interface TrackingServerOptions {
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  storeType?: 'SqlStore' | 'FileStore';
  host?: string;
  port?: number;
  /**
   * Folder behind `mlflow-artifacts:/`, or a bucket prefix (s3://, gs://, wasbs://) the proxy
   * streams to and from; undefined when artifacts are not served.
   */
  artifactsDestination?: string;
  /** What cloud destinations and roots authenticate with; process.env when unset, as for mlflow server. */
  cloudEnv?: CloudEnvironment;
  serveArtifacts?: boolean;
  /** Other local roots artifact URIs may point into (e.g. a --default-artifact-root folder). */
  extraArtifactRoots?: string[];
  maxArtifactUploadBytes?: number;
  allowedHosts?: string[];
  corsAllowedOrigins?: string[];
  authToken?: string;
  version: string;
  /** `<uriScheme>://<extension id>`: the root page links mlflow's run URLs back into the editor. */
  openInEditorUri?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The address the socket is bound to (0.0.0.0 and :: mean every interface). */
  address: string;
  events: ChangeEvents;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringifyMlflowJson(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, error: MlflowError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer realm="runlens", Basic realm="runlens"');
  // Bounded here too: store messages may quote a client's value whole.
  sendJson(res, httpStatusForCode(error.code), { error_code: error.code, message: boundedMessage(error.message) });
}

/** Beyond this, an oversize body is not even drained: the connection is dropped. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * Reads a body up to `limit` bytes. A larger one is drained and discarded so the client, which
 * sends its whole body before reading, gets the MLflow error instead of a reset connection.
 */
function readBody(req: IncomingMessage, limit: number, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = (size: string) => MlflowError.invalidParameter(`${what} must be at most ${limit} bytes, got a request of size ${size}.`);
    const declared = Number(req.headers['content-length'] ?? 0);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) {
        req.destroy();
        reject(tooLarge(`over ${DRAIN_LIMIT}`));
      } else if (size <= limit) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => (size > limit || declared > limit ? reject(tooLarge(String(Math.max(size, declared)))) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

async function parseRequest(req: IncomingMessage, url: URL, fields: Parameters<typeof checkRequest>[1], routeName: string, bodies: RequestBodyParser): Promise<Record<string, unknown>> {
  if (req.method === 'GET') return queryToObject(queryParams(url.search), fields);
  const contentType = req.headers['content-type'];
  if (contentType && !/^application\/json\b/iu.test(contentType)) {
    throw MlflowError.invalidParameter(`Bad Request. Content-Type must be application/json, got '${boundedQuote(contentType)}'.`);
  }
  const limit = routeName === 'logBatch' ? LOG_BATCH_MAX_BYTES : MAX_JSON_BYTES;
  const bytes = await readBody(req, limit, routeName === 'logBatch' ? 'Batched logging API requests' : 'Request bodies');
  return bodies.parse(bytes);
}

export function startTrackingServer(options: TrackingServerOptions): Promise<RunningServer> {
  const tokenProblem = options.authToken === undefined ? undefined : authTokenProblem(options.authToken);
  if (tokenProblem) return Promise.reject(new Error(`The auth token ${tokenProblem}.`));
  const host = options.host ?? '127.0.0.1';
  const guard: GuardOptions = {
    allowedHosts: [...new Set([...LOOPBACK_HOSTS, host.toLowerCase(), ...(options.allowedHosts ?? [])])],
    corsAllowedOrigins: options.corsAllowedOrigins ?? [],
    authToken: options.authToken,
  };
  const serveArtifacts = options.serveArtifacts ?? options.artifactsDestination !== undefined;
  const cloudDestination = options.artifactsDestination && cloudProviderOf(options.artifactsDestination)
    ? new CloudArtifactRepository(options.artifactsDestination, { env: options.cloudEnv })
    : undefined;
  const localDestination = cloudDestination ? undefined : options.artifactsDestination;
  const ctx: HandlerContext = {
    tracking: options.tracking,
    registry: options.registry,
    artifactsDestination: localDestination,
    cloudArtifactsDestination: cloudDestination,
    cloudEnv: options.cloudEnv,
    serveArtifacts,
    storeType: options.storeType ?? 'SqlStore',
    // Local folders only: a bucket is never on this server's disk.
    allowedArtifactRoots: [localDestination, ...(options.extraArtifactRoots ?? [])].filter((r): r is string => !!r),
  };
  const events = new ChangeEvents();
  /** Registry writes record the audit trail for any client, unless it is RunLens recording its own. */
  async function handlerContextFor(req: IncomingMessage, request: Record<string, unknown>, routeName: string): Promise<HandlerContext> {
    if (!REGISTRY_WRITES.has(routeName) || req.headers[CLIENT_AUDITS_HEADER]) return ctx;
    return { ...ctx, registry: auditedRegistry(ctx.registry, { user: await auditUser(req, request, routeName, ctx.tracking) }) };
  }
  const bodies = createRequestBodyParser();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if ((req.url ?? '').length > MAX_URL_CHARS) {
      throw new MlflowError('BAD_REQUEST', `The request URL is ${req.url?.length} characters long; this server accepts at most ${MAX_URL_CHARS}.`);
    }
    const url = new URL(req.url ?? '/', 'http://runlens.invalid');
    const pathname = url.pathname;
    const isApi = pathname.startsWith('/api/') || pathname.startsWith('/ajax-api/');
    guardRequest(req, guard, isApi);
    if (req.headers.origin) {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type, Authorization' });
        res.end();
        return;
      }
    }
    if (pathname === '/health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK');
      return;
    }
    if (pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      // mlflow's "View run … at <server>/#/experiments/…" links land here (the fragment stays in the browser).
      const page = landingPage({ version: options.version, openUri: options.openInEditorUri });
      res.writeHead(200, { ...page.headers, 'Content-Length': Buffer.byteLength(page.body) }).end(req.method === 'HEAD' ? undefined : page.body);
      return;
    }
    if (pathname === '/version') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(options.version);
      return;
    }
    // The raw (still encoded) path: the proxy decodes artifact paths exactly once itself.
    const rawPath = (req.url ?? '').split('?')[0];
    if (ARTIFACT_PREFIX.test(rawPath)) {
      if (!serveArtifacts || !options.artifactsDestination) {
        throw new MlflowError('NOT_IMPLEMENTED', 'This server does not serve artifacts (started with --no-serve-artifacts).');
      }
      await handleArtifactProxy(req, res, rawPath.replace(ARTIFACT_PREFIX, ''), { destination: cloudDestination ?? options.artifactsDestination, maxUploadBytes: options.maxArtifactUploadBytes ?? 5 * 1024 ** 3 });
      const method = req.method ?? 'GET';
      if ((method === 'PUT' || method === 'DELETE') && res.statusCode < 300) events.publish({ kind: 'artifacts', route: `artifacts ${method}` });
      return;
    }
    const matches = matchRoutes(pathname);
    if (matches.length === 0) throw new MlflowError('ENDPOINT_NOT_FOUND', `No API endpoint at ${req.method} ${boundedQuote(pathname)}`);
    const match = matches.find((m) => m.route.methods.includes((req.method ?? 'GET') as never));
    if (!match) {
      res.setHeader('Allow', [...new Set(matches.flatMap((m) => m.route.methods))].join(', '));
      sendJson(res, 405, { error_code: 'BAD_REQUEST', message: `Method ${req.method} is not allowed for ${boundedQuote(pathname)}` });
      return;
    }
    const handler = HANDLERS[match.name];
    if (!handler) throw new MlflowError('NOT_IMPLEMENTED', `${boundedQuote(pathname)} is not implemented by RunLens yet.`);
    const raw = await parseRequest(req, url, match.route.fields, match.name, bodies);
    const request = checkRequest({ ...raw, ...match.params }, match.route.fields);
    const result = await handler(request, await handlerContextFor(req, request, match.name));
    sendJson(res, 200, result.body);
    if (result.change) events.publish(result.change);
  }

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const mlflowError = error instanceof MlflowError ? error : new MlflowError('INTERNAL_ERROR', `Internal error: ${boundedQuote((error as Error)?.message ?? String(error))}`);
      sendError(res, mlflowError);
    });
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 5000, host, () => {
      server.off('error', reject);
      const { port, address } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        address,
        events,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          });
          await bodies.close();
        },
      });
    });
  });
}
