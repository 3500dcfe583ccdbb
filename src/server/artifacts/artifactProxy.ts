// MLflow's artifact proxy (`/api/2.0/mlflow-artifacts/...`): streamed upload and download,
// listing and deletion under one destination folder. Every path is decoded once and confined
// by confinePath.ts before the disk is touched; uploads land in a temp file that is renamed
// into place only when complete, so a failed or oversized upload leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MlflowError, httpStatusForCode } from '../../shared/errors.ts';
import { checkRelativeArtifactPath, confinedPath, decodeArtifactPath, describePath } from './confinePath.ts';
import { UPLOADING_PREFIX, listLocalFolder, wireFileInfo } from './runArtifacts.ts';

export interface ArtifactProxyOptions {
  /** The folder `mlflow-artifacts:/` maps to. */
  destination: string;
  /** Largest accepted upload body in bytes. */
  maxUploadBytes: number;
  /** Refuse uploads and deletions. */
  readOnly?: boolean;
}

// How long a refused upload may keep sending before the socket is closed.
const REFUSED_UPLOAD_DRAIN_MS = 5_000;

// MLflow serves these extensions (matched case-sensitively, or the whole name when it has no
// extension) as text/plain; everything else goes through Python's mimetypes table.
const MLFLOW_TEXT_EXTENSIONS = new Set([
  'txt', 'log', 'err', 'cfg', 'conf', 'cnf', 'cf', 'ini', 'properties', 'prop', 'hocon', 'toml', 'yaml', 'yml', 'xml',
  'json', 'js', 'py', 'py3', 'csv', 'tsv', 'md', 'rst', 'ipynb', 'MLmodel', 'mlproject',
]);
// The common entries of Python's built-in mimetypes table (keys lower case).
const MIME_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml',
  webp: 'image/webp', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', ico: 'image/vnd.microsoft.icon', avif: 'image/avif',
  html: 'text/html', htm: 'text/html', css: 'text/css', json: 'application/json', csv: 'text/csv', tsv: 'text/tab-separated-values',
  js: 'text/javascript', md: 'text/markdown', py: 'text/x-python', pdf: 'application/pdf', zip: 'application/zip',
  tar: 'application/x-tar', mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mp3: 'audio/mpeg', wav: 'audio/x-wav', ogg: 'audio/ogg',
};
// Python's suffix_map and encodings_map: `.tgz` is `.tar.gz`, and a compression suffix is skipped.
const SUFFIX_ALIASES: Record<string, string> = { tgz: 'tar.gz', taz: 'tar.gz', tz: 'tar.gz', tbz2: 'tar.bz2', txz: 'tar.xz', svgz: 'svg.gz' };
const ENCODING_SUFFIXES = new Set(['gz', 'z', 'bz2', 'xz', 'br']);

/** Python's os.path.splitext extension without the dot ('' for '.hidden' or 'MLmodel'). */
function extensionOf(fileName: string): string {
  const stem = fileName.replace(/^\.+/u, '');
  const dot = stem.lastIndexOf('.');
  return dot < 0 ? '' : stem.slice(dot + 1);
}

/** The Content-Type MLflow's server sends for an artifact file name; application/octet-stream when unknown. */
export function guessArtifactContentType(fileName: string): string {
  const extension = extensionOf(fileName);
  if (MLFLOW_TEXT_EXTENSIONS.has(extension === '' ? fileName : extension)) return 'text/plain';
  let name = fileName;
  let ext = extension;
  const alias = SUFFIX_ALIASES[ext.toLowerCase()];
  if (alias) {
    name = `${name.slice(0, name.length - ext.length)}${alias}`;
    ext = extensionOf(name);
  }
  if (ENCODING_SUFFIXES.has(ext.toLowerCase())) {
    name = name.slice(0, name.length - ext.length - 1);
    ext = extensionOf(name);
  }
  return (ext && MIME_TYPES[ext.toLowerCase()]) || 'application/octet-stream';
}

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
  const code = (error as NodeJS.ErrnoException).code;
  const where = describePath(shown);
  switch (code) {
    case 'ENOENT':
      return MlflowError.notFound(`No such artifact: '${where}'`);
    case 'ENOTDIR':
    case 'EEXIST':
      return MlflowError.invalidParameter(`Invalid artifact path '${where}': a parent of it is a file, not a folder.`);
    case 'EISDIR':
      return MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${where}'`);
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

function tooLarge(shown: string, maxUploadBytes: number): MlflowError {
  return MlflowError.invalidParameter(
    `Artifact upload '${describePath(shown)}' is larger than this server accepts (${maxUploadBytes} bytes; see --max-artifact-upload-mb).`,
  );
}

/** Passes bytes through until more than `limit` have been seen, then fails the pipeline. */
function byteLimit(limit: number, onExceeded: () => MlflowError) {
  return async function* limited(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let seen = 0;
    for await (const chunk of source) {
      seen += chunk.length;
      if (seen > limit) throw onExceeded();
      yield chunk;
    }
  };
}

async function upload(req: IncomingMessage, res: ServerResponse, relative: string, options: ArtifactProxyOptions): Promise<void> {
  const normalised = checkRelativeArtifactPath(relative);
  const lastSegment = relative.split('/').pop() ?? '';
  if (lastSegment === '' || lastSegment === '.') {
    throw MlflowError.invalidParameter(`Invalid artifact path '${describePath(relative)}': it must end with a file name.`);
  }
  const name = normalised.split('/').pop() ?? '';
  if (name.startsWith(UPLOADING_PREFIX)) {
    throw MlflowError.invalidParameter(`Invalid artifact file name: '${describePath(name)}'. Artifact names starting with '${UPLOADING_PREFIX}' are reserved.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxUploadBytes) throw tooLarge(relative, options.maxUploadBytes);

  const target = await confinedPath(options.destination, normalised);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${describePath(relative)}'`);
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true }).catch((error: unknown) => { throw fsError(error, relative); });
  // The folder may have been created just now: prove again that it did not appear through a link.
  if ((await confinedPath(options.destination, normalised)) !== target) {
    throw MlflowError.invalidParameter(`Invalid artifact path '${describePath(relative)}': it changed while uploading.`);
  }
  const temp = path.join(folder, `${UPLOADING_PREFIX}${randomBytes(8).toString('hex')}`);
  try {
    // 'wx' creates a fresh file and never follows an existing link at the temp name.
    // The request is iterated without being destroyed on failure, so the error can still be answered.
    await pipeline(req.iterator({ destroyOnReturn: false }), byteLimit(options.maxUploadBytes, () => tooLarge(relative, options.maxUploadBytes)), createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw fsError(error, relative);
  }
  sendJson(res, 200, {});
}

async function download(req: IncomingMessage, res: ServerResponse, relative: string, destination: string): Promise<void> {
  const target = await confinedPath(destination, relative);
  // Opening a FIFO or device would block or misbehave: only regular files and folders are opened.
  const kind = await stat(target).catch(() => undefined);
  if (kind && !kind.isFile() && !kind.isDirectory()) {
    throw MlflowError.invalidParameter(`Artifact path is not a regular file: '${describePath(relative)}'`);
  }
  const handle = await open(target, 'r').catch((error: unknown) => {
    // A path through a file ('a.txt/b') names nothing, as for MLflow.
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') throw MlflowError.notFound(`No such artifact: '${describePath(relative)}'`);
    throw fsError(error, relative);
  });
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw MlflowError.invalidParameter(`Artifact path refers to a directory, not a file: '${describePath(relative)}'`);
    if (!info.isFile()) throw MlflowError.invalidParameter(`Artifact path is not a regular file: '${describePath(relative)}'`);
    const fileName = path.posix.basename(checkRelativeArtifactPath(relative));
    res.writeHead(200, {
      'Content-Type': guessArtifactContentType(fileName),
      'Content-Length': info.size,
      'Content-Disposition': contentDisposition(fileName),
      // Served as a download on the server's own origin: never let a browser render it.
      'X-Content-Type-Options': 'nosniff',
    });
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

/** `attachment; filename=…` with an RFC 5987 form for names that are not plain ASCII. */
function contentDisposition(fileName: string): string {
  if (/^[\x20-\x7e]*$/u.test(fileName)) return `attachment; filename="${fileName.replace(/["\\]/gu, '\\$&')}"`;
  const fallback = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/gu, '').replace(/["\\]/gu, '') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
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
  const target = path.join(await confinedPath(destination, segments.join('/')), name);
  const entry = await lstat(target).catch(() => undefined);
  if (entry?.isDirectory()) await rm(target, { recursive: true, force: true }).catch((error: unknown) => { throw fsError(error, relative); });
  else if (entry) await unlink(target).catch((error: unknown) => { throw fsError(error, relative); });
  sendJson(res, 200, {});
}

async function route(req: IncomingMessage, res: ServerResponse, rawSubPath: string, options: ArtifactProxyOptions): Promise<void> {
  const method = req.method ?? 'GET';
  const sub = rawSubPath.replace(/^\/+/u, '');
  if (/^mpu\/(?:create|complete|abort)(?:\/|$)/u.test(sub)) {
    if (method !== 'POST') throw methodNotAllowed(method, sub);
    throw new MlflowError('NOT_IMPLEMENTED', 'Multipart upload is not supported for the current artifact repository');
  }
  if (sub === 'artifacts') {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, sub);
    await list(req, res, options.destination);
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
      await download(req, res, relative, options.destination);
      return;
    case 'PUT':
      await upload(req, res, relative, options);
      return;
    case 'DELETE':
      await remove(res, relative, options.destination);
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
