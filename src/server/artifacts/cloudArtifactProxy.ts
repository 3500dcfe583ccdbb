// The artifact proxy's operations when --artifacts-destination is a bucket (s3://, gs://,
// wasbs://): the same answers as over a local folder, streamed to and from the object store.
// Paths arrive decoded once and are checked here with the server's rules before any call, so
// the key is always `<destination prefix>/<clean relative path>` and cannot leave the prefix.
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WireFileInfo } from '../../restApi/wireTypes.ts';
import type { MlflowError } from '../../shared/errors.ts';
import type { CloudArtifactRepository } from '../../store/artifacts/cloud/cloudArtifactRepository.ts';
import { downloadHeaders } from './artifactDownloadHeaders.ts';
import { checkRelativeArtifactPath } from './confinePath.ts';
import { UPLOADING_PREFIX, wireFileInfo } from './runArtifacts.ts';
import { byteLimit, checkUploadRequest, tooLarge } from './uploadChecks.ts';

/** Every entry of one folder level under the destination (all pages), as the wire lists them by name. */
export async function listCloudFolder(repository: CloudArtifactRepository, relative: string): Promise<{ name: string; info: WireFileInfo }[]> {
  const folder = checkRelativeArtifactPath(relative, { allowEmpty: true });
  const entries: { name: string; info: WireFileInfo }[] = [];
  let token: string | undefined;
  do {
    const page = await repository.list(folder, token);
    for (const item of page.items) {
      const name = path.posix.basename(item.path);
      if (name.startsWith(UPLOADING_PREFIX)) continue;
      entries.push({ name, info: wireFileInfo(name, { name, isDir: item.isDir, size: item.fileSize ?? 0 }) });
    }
    token = page.nextPageToken;
  } while (token);
  return entries;
}

/** The proxy's listing body: `{files}` by name, `{}` for an empty or missing folder, as MLflow answers. */
export async function cloudList(repository: CloudArtifactRepository, relative: string): Promise<object> {
  const entries = await listCloudFolder(repository, relative);
  return entries.length > 0 ? { files: entries.map((entry) => entry.info) } : {};
}

export async function cloudDownload(req: IncomingMessage, res: ServerResponse, repository: CloudArtifactRepository, relative: string): Promise<void> {
  const normalised = checkRelativeArtifactPath(relative);
  const abort = new AbortController();
  // A client that goes away stops the transfer from the bucket too.
  res.once('close', () => abort.abort());
  const object = await repository.openStream(normalised, abort.signal);
  const body = Readable.from(object.body, { objectMode: false });
  res.writeHead(200, downloadHeaders(path.posix.basename(normalised), object.size));
  if (req.method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  await pipeline(body, res);
}

/**
 * Streams the request body into the bucket under the cap. The store writes the object only
 * when the body ends cleanly, so a refused or broken upload leaves no object.
 */
export async function cloudUpload(req: IncomingMessage, repository: CloudArtifactRepository, relative: string, maxUploadBytes: number): Promise<void> {
  const normalised = checkUploadRequest(req, relative, maxUploadBytes);
  let refused: MlflowError | undefined;
  const limited = byteLimit(maxUploadBytes, () => (refused = tooLarge(relative, maxUploadBytes)));
  // Not destroyed on failure, so the error can still be answered on this request.
  const body = Readable.from(limited(req.iterator({ destroyOnReturn: false })), { objectMode: false });
  try {
    await repository.uploadStream(body, normalised);
  } catch (error) {
    // The SDK may wrap the stream's error in its own: the cap is what the client must hear.
    throw refused ?? error;
  } finally {
    body.destroy();
  }
  if (refused) throw refused;
}

export async function cloudRemove(repository: CloudArtifactRepository, relative: string): Promise<void> {
  await repository.delete(checkRelativeArtifactPath(relative));
}
