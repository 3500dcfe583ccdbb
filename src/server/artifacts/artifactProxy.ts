// MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/...`): streamed upload and download,
// listing and deletion under one destination folder. Every path is decoded once and checked
// by confinePath.ts before the disk is touched, then opened through confinedFiles.ts so a link
// swapped in after the check cannot lead out; uploads land in a temp file that is renamed
// into place only when complete, so a failed or oversized upload leaves nothing behind.
// A bucket destination (s3://, gs://, wasbs://) takes the same routes through cloudArtifactProxy.ts.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MlflowError, httpStatusForCode } from '../../shared/errors.ts';
import type { CloudArtifactRepository } from '../../store/artifacts/cloud/cloudArtifactRepository.ts';
import { childOf, isMissing, isOutsideRoot, openFolderForWrite, openInside, realRootOf, removeChild, type OpenedEntry } from '../../store/artifacts/confinedFiles.ts';
import { downloadHeaders } from './artifactDownloadHeaders.ts';
import { cloudDownload, cloudList, cloudRemove, cloudUpload } from './cloudArtifactProxy.ts';
import { checkRelativeArtifactPath, confinedPath, decodeArtifactPath, describePath } from './confinePath.ts';
import { UPLOADING_PREFIX, listLocalFolder, wireFileInfo } from './runArtifacts.ts';
import { byteLimit, checkUploadRequest, tooLarge } from './uploadChecks.ts';

export { guessArtifactContentType } from './artifactDownloadHeaders.ts';

export interface ArtifactProxyOptions {
  /** What `mlflow-artifacts:/` maps to: a local folder, or a bucket prefix (--artifacts-destination s3://…). */
  destination: string | CloudArtifactRepository;
  /** Largest accepted upload body in bytes. */
  maxUploadBytes: number;
  /** Refuse uploads and deletions. */
  readOnly?: boolean;
}

// How long a refused upload may keep sending before the socket is closed.
const REFUSED_UPLOAD_DRAIN_MS = 5_000;

/** An MLflow BAD_REQUEST that is answered with HTTP 405 and an Allow header. */
class MethodNotAllowed extends MlflowError {
  readonly allow: string;
  constructor(method: string, endpoint: string, allow: string) {
    super('BAD_REQUEST', `Method ${describePath(method)} is not allowed for the artifact endpoint '${describePath(endpoint)}'.`);
    this.allow = allow;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(req: IncomingMessage, res: ServerResponse, error: MlflowError): void {
  if (res.headersSent) {
    res.destroy(error);
    return;
  }
  if (!req.complete) {
    // The body was not read: answer, then drain it for a moment so the client sees the answer
    // rather than a reset, and close the connection instead of reading an unbounded upload.
    res.setHeader('Connection', 'close');
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), REFUSED_UPLOAD_DRAIN_MS);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  }
  if (error instanceof MethodNotAllowed) res.setHeader('Allow', error.allow);
  const status = error instanceof MethodNotAllowed ? 405 : httpStatusForCode(error.code);
  sendJson(res, status, { error_code: error.code, message: error.message });
}

/** Maps file-system failures on a client path to MLflow errors that name the path. */
function fsError(error: unknown, shown: string): MlflowError {
  if (error instanceof MlflowError) return error;
  const where = describePath(shown);
  if (isOutsideRoot(error)) return MlflowError.invalidParameter(`Invalid artifact path '${where}': it resolves outside the artifact root through a symbolic link.`);
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return MlflowError.notFound(`No such artifact: '${where}'`);
    case 'ENOTDIR':
    case 'EEXIST':
      return MlflowError.invalidParameter(`Invalid artifact path '${where}': a parent of it is a file, not a folder.`);
    case 'EISDIR':
      return MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${where}'`);
    case 'ENXIO':
      // A socket (or a FIFO nobody writes to, opened for writing): not an artifact.
      return MlflowError.invalidParameter(`Artifact path is not a regular file: '${where}'`);
    case 'ELOOP':
      return MlflowError.invalidParameter(`Invalid artifact path '${where}': too many levels of symbolic links.`);
    case 'ENAMETOOLONG':
      return MlflowError.invalidParameter(`Invalid artifact path '${where}': the name is too long.`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new MlflowError('PERMISSION_DENIED', `The server may not access artifact '${where}' (${code}).`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new MlflowError('RESOURCE_EXHAUSTED', `No space left to store artifact '${where}'.`);
    default:
      return new MlflowError('INTERNAL_ERROR', `Artifact operation on '${where}' failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** The destination's real path, creating it first for writes (the configured root itself is trusted). */
async function realDestination(destination: string, create: boolean): Promise<string | undefined> {
  if (create) await mkdir(destination, { recursive: true });
  return realRootOf(destination);
}

async function upload(req: IncomingMessage, res: ServerResponse, relative: string, destination: string, options: ArtifactProxyOptions): Promise<void> {
  const normalised = checkUploadRequest(req, relative, options.maxUploadBytes);
  // The path check answers visible escapes with a clear error; the opens below close the race.
  await confinedPath(destination, normalised);
  const segments = normalised.split('/');
  const name = segments.pop() ?? '';
  const realRoot = await realDestination(destination, true).catch((error: unknown) => { throw fsError(error, relative); });
  if (realRoot === undefined) throw MlflowError.notFound(`No such artifact: '${describePath(relative)}'`);
  const folder = await openFolderForWrite(realRoot, segments.join('/')).catch((error: unknown) => { throw fsError(error, relative); });
  try {
    const existing = await lstat(childOf(folder, name)).catch(() => undefined);
    if (existing?.isDirectory()) throw MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${describePath(relative)}'`);
    // The temp file is created (O_EXCL, so never through a link) in the verified folder and
    // renamed within it: rename replaces a link at the name instead of following it.
    const temp = childOf(folder, `${UPLOADING_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      // The request is iterated without being destroyed on failure, so the error can still be answered.
      await pipeline(req.iterator({ destroyOnReturn: false }), byteLimit(options.maxUploadBytes, () => tooLarge(relative, options.maxUploadBytes)), createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, childOf(folder, name));
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw fsError(error, relative);
    }
  } finally {
    await folder.handle.close();
  }
  sendJson(res, 200, {});
}

async function download(req: IncomingMessage, res: ServerResponse, relative: string, destination: string): Promise<void> {
  const normalised = checkRelativeArtifactPath(relative);
  await confinedPath(destination, normalised);
  const realRoot = await realDestination(destination, false);
  if (realRoot === undefined) throw MlflowError.notFound(`No such artifact: '${describePath(relative)}'`);
  // Opened (non-blocking, so a FIFO cannot hang it) and then verified: what is read is what was checked.
  const { handle } = await openInside(realRoot, normalised).catch((error: unknown) => {
    // A path through a file ('a.txt/b') names nothing, as for MLflow.
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw MlflowError.notFound(`No such artifact: '${describePath(relative)}'`);
    throw fsError(error, relative);
  });
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${describePath(relative)}'`);
    if (!info.isFile()) throw MlflowError.invalidParameter(`Artifact path is not a regular file: '${describePath(relative)}'`);
    const fileName = path.posix.basename(normalised);
    res.writeHead(200, downloadHeaders(fileName, info.size));
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  // The stream owns the handle from here and closes it when done or destroyed.
  await pipeline(createReadStream('', { fd: handle }), res);
}

/**
 * The raw value of the first `name=` query parameter, with '+' read as a space. Decoded by the
 * caller, strictly (URLSearchParams would turn invalid UTF-8 into U+FFFD instead of refusing it).
 */
function rawQueryValue(requestUrl: string, name: string): string | undefined {
  const query = requestUrl.includes('?') ? requestUrl.slice(requestUrl.indexOf('?') + 1) : '';
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = equals < 0 ? pair : pair.slice(0, equals);
    if (key === name) return equals < 0 ? '' : pair.slice(equals + 1).replace(/\+/gu, ' ');
  }
  return undefined;
}

async function list(req: IncomingMessage, res: ServerResponse, destination: string): Promise<void> {
  const requested = decodeArtifactPath(rawQueryValue(req.url ?? '', 'path') ?? '');
  const folder = await confinedPath(destination, requested);
  const realRoot = await confinedPath(destination, '');
  const entries = await listLocalFolder(folder, realRoot);
  sendJson(res, 200, entries.length > 0 ? { files: entries.map((entry) => wireFileInfo(entry.name, entry)) } : {});
}

async function remove(res: ServerResponse, relative: string, destination: string): Promise<void> {
  const normalised = checkRelativeArtifactPath(relative);
  // Confine the parent, then act on the entry itself: a symlink is removed, never followed.
  const segments = normalised.split('/');
  const name = segments.pop() ?? '';
  await confinedPath(destination, segments.join('/'));
  const realRoot = await realDestination(destination, false);
  if (realRoot === undefined) {
    sendJson(res, 200, {});
    return;
  }
  let parent: OpenedEntry;
  try {
    parent = await openInside(realRoot, segments.join('/'), true);
  } catch (error) {
    // Nothing there to delete, as for a missing file.
    if (isMissing(error)) {
      sendJson(res, 200, {});
      return;
    }
    throw fsError(error, relative);
  }
  try {
    await removeChild(parent, name, realRoot);
  } catch (error) {
    throw fsError(error, relative);
  } finally {
    await parent.handle.close();
  }
  sendJson(res, 200, {});
}

async function route(req: IncomingMessage, res: ServerResponse, rawSubPath: string, options: ArtifactProxyOptions): Promise<void> {
  const method = req.method ?? 'GET';
  const sub = rawSubPath.replace(/^\/+/u, '');
  if (/^mpu\/(?:create|complete|abort)(?:\/|$)/u.test(sub)) {
    if (method !== 'POST') throw methodNotAllowed(method, sub);
    throw new MlflowError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository');
  }
  const { destination } = options;
  if (sub === 'artifacts') {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, sub);
    if (typeof destination === 'string') await list(req, res, destination);
    else sendJson(res, 200, await cloudList(destination, decodeArtifactPath(rawQueryValue(req.url ?? '', 'path') ?? '')));
    return;
  }
  if (!sub.startsWith('artifacts/')) throw new MlflowError('ENDPOINT_NOT_FOUND', `No artifact endpoint at '${describePath(rawSubPath)}'.`);
  const relative = decodeArtifactPath(sub.slice('artifacts/'.length));
  if ((method === 'PUT' || method === 'DELETE') && options.readOnly) {
    throw new MlflowError('PERMISSION_DENIED', 'This server is read-only: artifact uploads and deletions are disabled.');
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (checkRelativeArtifactPath(relative, { allowEmpty: true }) === '') {
        throw MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${describePath(relative)}'`);
      }
      if (typeof destination === 'string') await download(req, res, relative, destination);
      else await cloudDownload(req, res, destination, relative);
      return;
    case 'PUT':
      if (typeof destination === 'string') {
        await upload(req, res, relative, destination, options);
      } else {
        await cloudUpload(req, destination, relative, options.maxUploadBytes);
        sendJson(res, 200, {});
      }
      return;
    case 'DELETE':
      if (typeof destination === 'string') {
        await remove(res, relative, destination);
      } else {
        await cloudRemove(destination, relative);
        sendJson(res, 200, {});
      }
      return;
    default:
      throw methodNotAllowed(method, sub);
  }
}

function methodNotAllowed(method: string, sub: string): MlflowError {
  const endpoint = sub.split('/')[0];
  const allow = endpoint === 'mpu' ? 'POST' : sub === 'artifacts' ? 'GET, HEAD' : 'GET, HEAD, PUT, DELETE';
  return new MethodNotAllowed(method, endpoint, allow);
}

/**
 * Serves one request under `/api/2.0/mlflow-artifacts/`. `rawSubPath` is the still-encoded URL
 * path after that prefix (`artifacts/<path>`, `artifacts`, `mpu/create/<path>`…); the query is
 * read from `req.url`. Writes the whole response, errors included, as MLflow's JSON errors.
 */
export async function handleArtifactProxy(req: IncomingMessage, res: ServerResponse, rawSubPath: string, options: ArtifactProxyOptions): Promise<void> {
  try {
    await route(req, res, rawSubPath, options);
  } catch (error) {
    sendError(req, res, error instanceof MlflowError ? error : fsError(error, rawSubPath));
  }
}
