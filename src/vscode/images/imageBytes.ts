// One image's bytes as the page shows them: a `data:` URI with the MIME type its extension names,
// refused past a size cap so one huge file cannot make a message (or the page) balloon. No vscode.
import type { ArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import { MlflowError } from '../../shared/errors.ts';
import { imageMimeType } from '../../shared/imageLayout.ts';

/** Largest image sent to the page (base64 makes the message about a third bigger). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export type ImageBytes = { dataUri: string } | { tooBig: number } | { error: string };

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Reads `path` (whose listed size, when known, is `size`) into a data URI, or says why not. */
export async function readImage(repository: ArtifactRepository, path: string, size: number | undefined, signal?: AbortSignal, maxBytes = MAX_IMAGE_BYTES): Promise<ImageBytes> {
  const mime = imageMimeType(path);
  if (!mime) return { error: 'Not an image type the panel shows.' };
  if (size !== undefined && size > maxBytes) return { tooBig: size };
  try {
    const bytes = await repository.read(path, { maxBytes, signal });
    return { dataUri: `data:${mime};base64,${bytes.toString('base64')}` };
  } catch (error) {
    signal?.throwIfAborted();
    // The store did not say the size up front: its refusal past maxBytes is the same "too big".
    if (error instanceof MlflowError && error.code === 'RESOURCE_EXHAUSTED') return { tooBig: size ?? maxBytes + 1 };
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export function tooBigText(bytes: number, maxBytes = MAX_IMAGE_BYTES): string {
  return `Too big to show here (${formatMegabytes(bytes)}; the limit is ${formatMegabytes(maxBytes)}).`;
}
