// `runlens server`: mlflow server's flags and defaults, over our stores.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MlflowError } from '../shared/errors.ts';
import { cloudProviderOf, parseCloudLocation } from '../store/artifacts/cloud/cloudLocation.ts';
import { FileRegistryStore } from '../store/file/fileRegistryStore.ts';
import { FileTrackingStore, mlrunsRootPath } from '../store/file/fileTrackingStore.ts';
import type { ModelRegistryStore } from '../store/modelRegistryStore.ts';
import { openSqliteStore, sqlitePathFromUri } from '../store/sqlite/openSqliteStore.ts';
import { storeOnMainThread } from '../store/worker/storeThread.ts';
import { openWorkerStores } from '../store/worker/workerStores.ts';
import type { TrackingStore } from '../store/trackingStore.ts';
import { authTokenProblem } from './requestGuard.ts';
import { isLoopbackAddress, unguardedServerWarning } from './serverExposure.ts';
import { startTrackingServer, type RunningServer } from './trackingServer.ts';

export const SERVER_HELP = `Usage: runlens server [options]

Runs an MLflow-compatible tracking server: unchanged mlflow scripts log into it with
MLFLOW_TRACKING_URI=http://<host>:<port>.

Options (the names and defaults of 'mlflow server'):
  --backend-store-uri URI      sqlite:///path/mlflow.db, or an mlruns folder (read-only)
                               (default: sqlite:///mlflow.db)
  --default-artifact-root URI  artifact root for new experiments: each gets <URI>/<experiment id>.
                               A bucket (s3://bucket/path, gs://bucket/path,
                               wasbs://container@account.blob.core.windows.net/path) makes
                               clients write artifacts straight to it
                               (default: mlflow-artifacts:/ when serving artifacts, else ./mlruns)
  --artifacts-destination URI  where proxied artifacts are stored: a folder, or a bucket as above
                               that the server streams to and from (default: ./mlartifacts)
  --serve-artifacts            proxy artifact uploads and downloads (default)
  --no-serve-artifacts         do not proxy artifacts
  --host HOST                  interface to bind (default: 127.0.0.1)
  --port PORT                  port to listen on (default: 5000; 0 picks a free one)
  --allowed-hosts H,...        extra Host header names to accept (default: loopback names only)
  --cors-allowed-origins O,... browser origins allowed to call the API
  --auth-token TOKEN           require this token: clients send it as MLFLOW_TRACKING_TOKEN
                               (or as MLFLOW_TRACKING_PASSWORD); also read from RUNLENS_AUTH_TOKEN.
                               Without one, a --host other than loopback is open to anyone
                               who can reach the port (a warning says so)
  --max-artifact-upload-mb N   largest artifact upload accepted (default: 5120)
  -h, --help                   show this help

Buckets are reached with the server's environment, as mlflow server does: AWS_ACCESS_KEY_ID /
AWS_SECRET_ACCESS_KEY or AWS_PROFILE, AWS_DEFAULT_REGION, MLFLOW_S3_ENDPOINT_URL for S3-compatible
stores; GOOGLE_APPLICATION_CREDENTIALS for GCS; AZURE_STORAGE_CONNECTION_STRING or
AZURE_STORAGE_ACCESS_KEY for Azure.
`;

export interface ServerCommandResult {
  server: RunningServer;
  close(): Promise<void>;
}

interface Backend {
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  storeType: 'SqlStore' | 'FileStore';
  readOnlyReason?: string;
  close(): Promise<void> | void;
}

/** sqlite:///… opens (or creates) mlflow.db; a folder or file: URI reads an mlruns/ tree. */
async function openBackend(uri: string, defaultArtifactRoot: string): Promise<Backend> {
  try {
    if (uri.startsWith('sqlite:')) {
      const file = path.resolve(sqlitePathFromUri(uri));
      mkdirSync(path.dirname(file), { recursive: true });
      // In a worker thread, so the HTTP loop never waits on SQLite or on another process's lock.
      const stores = storeOnMainThread() ? openSqliteStore(file, { defaultArtifactRoot }) : await openWorkerStores(file, { defaultArtifactRoot });
      return { ...stores, storeType: 'SqlStore' };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//iu.test(uri) && !uri.startsWith('file:')) {
      throw new Error('only sqlite:/// databases and mlruns folders are supported');
    }
    const root = path.resolve(mlrunsRootPath(uri));
    if (!existsSync(root)) throw new Error(`no such folder ${root}`);
    const tracking = new FileTrackingStore(root);
    return {
      tracking, registry: new FileRegistryStore(root), storeType: 'FileStore',
      readOnlyReason: `${root} is an mlruns folder: RunLens serves it read-only`, close: () => undefined,
    };
  } catch (error) {
    throw new Error(`cannot open the backend store '${uri}': ${error instanceof MlflowError || error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * --artifacts-destination as the proxy takes it: a bucket URI as given (checked now, so a typo
 * fails at start), a file: URI or a path as an absolute folder.
 */
function resolveDestination(value: string): string {
  if (cloudProviderOf(value)) {
    parseCloudLocation(value);
    return value;
  }
  if (/^file:/iu.test(value)) return fileURLToPath(value);
  if (/^[a-z][a-z0-9+.-]+:/iu.test(value)) {
    throw new Error(`--artifacts-destination must be a folder or an s3://, gs://, wasbs:// or abfss:// URI, got '${value}'`);
  }
  return path.resolve(value);
}

const list = (value: string | undefined) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);

/** --auth-token, else RUNLENS_AUTH_TOKEN when set at all; a blank one is an error, not "no token". */
function authTokenFrom(flag: string | undefined, env: string | undefined): string | undefined {
  const [token, source] = flag !== undefined ? [flag, '--auth-token'] : [env, 'RUNLENS_AUTH_TOKEN'];
  if (token === undefined) return undefined;
  const problem = authTokenProblem(token);
  if (!problem) return token;
  const withoutOne = flag !== undefined ? 'leave the flag out' : 'unset the variable';
  throw new Error(`${source} ${problem}${token.trim() === '' ? `: give a token, or ${withoutOne} to run without one` : ''}`);
}

/**
 * Parses flags, opens the store and starts listening; throws a one-line Error for bad input.
 * `log` takes the normal output, `warn` what the user should act on (stderr).
 */
export async function runServerCommand(argv: string[], version: string, log: (line: string) => void, warn: (line: string) => void = log): Promise<ServerCommandResult | undefined> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'backend-store-uri': { type: 'string', default: 'sqlite:///mlflow.db' },
      'default-artifact-root': { type: 'string' },
      'artifacts-destination': { type: 'string', default: './mlartifacts' },
      'serve-artifacts': { type: 'boolean' },
      'no-serve-artifacts': { type: 'boolean' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5000' },
      'allowed-hosts': { type: 'string' },
      'cors-allowed-origins': { type: 'string' },
      'auth-token': { type: 'string' },
      'max-artifact-upload-mb': { type: 'string', default: '5120' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    log(SERVER_HELP);
    return undefined;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got '${values.port}'`);
  const maxUploadMb = Number(values['max-artifact-upload-mb']);
  if (!(maxUploadMb > 0)) throw new Error(`--max-artifact-upload-mb must be a positive number, got '${values['max-artifact-upload-mb']}'`);
  const authToken = authTokenFrom(values['auth-token'], process.env.RUNLENS_AUTH_TOKEN);
  if (values['serve-artifacts'] && values['no-serve-artifacts']) throw new Error('--serve-artifacts and --no-serve-artifacts cannot be used together');
  const serveArtifacts = !values['no-serve-artifacts'];
  const destination = resolveDestination(values['artifacts-destination']);
  const defaultArtifactRoot = values['default-artifact-root'] ?? (serveArtifacts ? 'mlflow-artifacts:/' : path.resolve('mlruns'));
  // A bucket root is stored as given (new experiments get <root>/<id>); refuse a malformed one now.
  if (cloudProviderOf(defaultArtifactRoot)) parseCloudLocation(defaultArtifactRoot);

  const backend = values['backend-store-uri'];
  const stores = await openBackend(backend, defaultArtifactRoot);
  if (stores.readOnlyReason) warn(`warning: ${stores.readOnlyReason}`);
  if (serveArtifacts && !cloudProviderOf(destination)) mkdirSync(destination, { recursive: true });

  let server: RunningServer;
  try {
    server = await startTrackingServer({
      tracking: stores.tracking,
      registry: stores.registry,
      storeType: stores.storeType,
      host: values.host,
      port,
      serveArtifacts,
      artifactsDestination: serveArtifacts ? destination : undefined,
      extraArtifactRoots: values['default-artifact-root'] ? [] : [path.resolve('mlruns')],
      maxArtifactUploadBytes: Math.floor(maxUploadMb * 1024 * 1024),
      allowedHosts: list(values['allowed-hosts']),
      corsAllowedOrigins: list(values['cors-allowed-origins']),
      authToken,
      version,
    });
  } catch (error) {
    await stores.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${values.host} is already in use; choose another with --port`);
    if (code === 'EADDRNOTAVAIL') throw new Error(`cannot bind to ${values.host}: no such local address`);
    throw error;
  }
  if (authToken === undefined && !isLoopbackAddress(server.address)) warn(unguardedServerWarning(values.host, server.port));
  log(`RunLens tracking server ${version} listening at ${server.url}`);
  return {
    server,
    close: async () => {
      await server.close();
      await stores.close();
    },
  };
}
