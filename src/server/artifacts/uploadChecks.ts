// Checks every artifact upload passes before a byte is stored, wherever it is stored (local
// folder or bucket), and the byte cap applied while the body streams through.
import type { IncomingMessage } from 'node:http';
import { MlflowError } from '../../shared/errors.ts';
import { checkRelativeArtifactPath, describePath } from './confinePath.ts';
import { UPLOADING_PREFIX } from './runArtifacts.ts';

export function tooLarge(shown: string, maxUploadBytes: number): MlflowError {
  return MlflowError.invalidParameter(
    `Artifact upload '${describePath(shown)}' is larger than this server accepts (${maxUploadBytes} bytes; see --max-artifact-upload-mb).`,
  );
}

/** Passes bytes through until more than `limit` have been seen, then fails the pipeline. */
export function byteLimit(limit: number, onExceeded: () => MlflowError) {
  return async function* limited(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let seen = 0;
    for await (const chunk of source) {
      seen += chunk.length;
      if (seen > limit) throw onExceeded();
      yield chunk;
    }
  };
}

/**
 * The normalised path of a decoded upload path: it must name a file, not use the reserved
 * upload-temp prefix, and the declared Content-Length must fit under the cap.
 */
export function checkUploadRequest(req: IncomingMessage, relative: string, maxUploadBytes: number): string {
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
  if (Number.isFinite(declared) && declared > maxUploadBytes) throw tooLarge(relative, maxUploadBytes);
  return normalised;
}
