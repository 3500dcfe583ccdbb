// runlens_readArtifact: one artifact of a run as an agent can use it — text (JSON pretty-printed)
// as lines up to a bound, an image as its path, size and pixel size (never its bytes), another
// binary as its size, a folder as its entries. Reads go through the run's artifact repository,
// whose `read` is capped: files past the caps are described, not read.
import type { Run } from '../shared/entities.ts';
import { MlflowError } from '../shared/errors.ts';
import type { ArtifactEntry, ArtifactRepository } from '../store/artifacts/artifactRepository.ts';
import { baseName, checkArtifactPath, showPath } from '../store/artifacts/artifactPath.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { IMAGE_EXTENSIONS, imagePixelSize } from './imageSize.ts';
import { onlyFields, optionalInteger, optionalString, requiredString } from './toolInput.ts';

/** Characters of text one answer carries: the answer itself is bounded at 16,000. */
export const TEXT_CHARS = 12_000;
/** Text files past this are not read at all (`read` holds the whole file in memory). */
export const TEXT_READ_CAP = 4 * 1024 * 1024;
/** Images past this are described without their pixel size. */
const IMAGE_READ_CAP = 16 * 1024 * 1024;
const LISTING_LIMIT = 200;
/** Parent-folder pages looked through for a file's size. */
const PARENT_PAGES = 10;
const SECRET_ASSIGNMENT = /((?:pass(?:word)?|secret|token|api[_-]?key|credential|private[_-]?key)[\w.-]*["']?\s*[:=]\s*)(\S.*)$/iu;

interface ReadArtifactInput {
  runId: string;
  path: string;
  fromLine: number;
}

const FIELDS = ['runId', 'path', 'fromLine'] as const;

const extensionOf = (name: string) => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '');

/** The path checked as MLflow's server checks artifact paths, its error naming the `path` field. */
function checkedPath(raw: string | undefined): string {
  try {
    return checkArtifactPath(raw ?? '', { allowEmpty: true });
  } catch (error) {
    throw MlflowError.invalidParameter(`Invalid value '${showPath(raw ?? '')}' for parameter 'path': ${(error as Error).message.replace(/^Invalid artifact path '.*?': /u, '')}`);
  }
}

async function listing(repo: ArtifactRepository, folder: string, signal?: AbortSignal) {
  const page = await repo.list(folder || undefined, undefined, signal);
  const entries = page.items.slice(0, LISTING_LIMIT).map((e) => (e.isDir ? `${e.path}/` : e.fileSize === undefined ? e.path : `${e.path} (${e.fileSize} bytes)`));
  const more = page.items.length > LISTING_LIMIT || page.nextPageToken ? 'more entries not shown' : undefined;
  return { page, entries, more };
}

/** The file's entry in its parent's listing, for its size before reading it. */
async function entryOf(repo: ArtifactRepository, file: string, signal?: AbortSignal): Promise<ArtifactEntry | undefined> {
  const parent = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : undefined;
  let pageToken: string | undefined;
  for (let i = 0; i < PARENT_PAGES; i++) {
    const page = await repo.list(parent, pageToken, signal);
    const found = page.items.find((e) => e.path === file);
    if (found || !page.nextPageToken) return found;
    pageToken = page.nextPageToken;
  }
  return undefined;
}

/** Lines from `fromLine`, as many as fit TEXT_CHARS; secret-looking assignments hidden. */
function textLines(text: string, fromLine: number) {
  const all = text.split(/\r?\n/u);
  if (all.at(-1) === '') all.pop();
  const lines: string[] = [];
  let used = 0;
  for (let i = fromLine - 1; i < all.length; i++) {
    const line = all[i].replace(SECRET_ASSIGNMENT, '$1(hidden: secret-looking key)');
    if (used + JSON.stringify(line).length > TEXT_CHARS && lines.length) break;
    lines.push(line.length > TEXT_CHARS ? `${line.slice(0, TEXT_CHARS)}… (${line.length - TEXT_CHARS} more characters on this line)` : line);
    // What the line costs in the answer's JSON: quotes, escapes and a comma.
    used += JSON.stringify(line).length + 1;
  }
  return { totalLines: all.length, lines, shownFrom: fromLine, shownTo: fromLine + lines.length - 1 };
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** JSON re-indented so each value has its own line; other text as it is. */
function readable(name: string, text: string): string {
  if (extensionOf(name) !== 'json') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 1);
  } catch {
    return text;
  }
}

async function describeFile(repo: ArtifactRepository, file: string, size: number | undefined, fromLine: number, context: ToolContext) {
  const name = baseName(file);
  const extension = extensionOf(name);
  const sizeText = size === undefined ? 'unknown size' : `${size} bytes`;
  if (IMAGE_EXTENSIONS.has(extension)) {
    if (size !== undefined && size > IMAGE_READ_CAP) return { summary: `Image ${file} (${sizeText}); too large to read its pixel size.`, data: { path: file, kind: 'image', bytes: size } };
    let bytes: Buffer;
    try {
      bytes = await repo.read(file, { maxBytes: IMAGE_READ_CAP, signal: context.signal });
    } catch (error) {
      // A repository that lists no sizes: the cap is only learnt while reading.
      if (error instanceof MlflowError && error.code === 'RESOURCE_EXHAUSTED') return { summary: `Image ${file} (over ${IMAGE_READ_CAP} bytes); too large to read its pixel size.`, data: { path: file, kind: 'image' } };
      throw error;
    }
    const pixels = imagePixelSize(extension, bytes);
    const dims = pixels ? `${pixels.width}×${pixels.height} px` : 'pixel size not readable';
    return { summary: `Image ${file}: ${dims}, ${sizeText}. Its bytes are not sent; open it in RunLens (Show Images) to see it.`, data: { path: file, kind: 'image', bytes: size, ...(pixels ?? {}) } };
  }
  if (size !== undefined && size > TEXT_READ_CAP) {
    return { summary: `${file} is ${sizeText}: larger than the ${TEXT_READ_CAP}-byte limit for reading here; open it from the run's artifacts in RunLens.`, data: { path: file, kind: 'not read', bytes: size } };
  }
  let bytes: Buffer;
  try {
    bytes = await repo.read(file, { maxBytes: TEXT_READ_CAP, signal: context.signal });
  } catch (error) {
    if (error instanceof MlflowError && error.code === 'RESOURCE_EXHAUSTED') return { summary: `${file} is larger than the ${TEXT_READ_CAP}-byte limit for reading here.`, data: { path: file, kind: 'not read' } };
    throw error;
  }
  const text = decodeText(bytes);
  if (text === undefined) return { summary: `${file} is binary (${bytes.length} bytes); not shown.`, data: { path: file, kind: 'binary', bytes: bytes.length } };
  const shown = textLines(readable(name, text), fromLine);
  const cut = shown.shownTo < shown.totalLines ? `; lines ${shown.shownFrom}–${shown.shownTo} of ${shown.totalLines} shown, ask with fromLine ${shown.shownTo + 1} for the rest` : '';
  return {
    summary: `${file}: text, ${bytes.length} bytes, ${shown.totalLines} lines${extensionOf(name) === 'json' ? ' (JSON re-indented)' : ''}${cut}.`,
    data: { path: file, kind: 'text', bytes: bytes.length, ...shown },
  };
}

export const readArtifactTool: AgentTool<ReadArtifactInput> = {
  name: 'runlens_readArtifact',
  displayName: 'Read an MLflow run artifact',
  userDescription: "A run's text artifact (bounded), an image's size, or a folder's entries.",
  modelDescription: [
    "Reads one artifact of an MLflow run. Text files (logs, .txt, .json, .yaml, .csv, .md, MLmodel, requirements.txt…) come back as lines, up to about 12,000 characters per call (JSON re-indented); the answer says which lines were shown and how many there are. Images (png, jpg, gif, webp, svg) are described by path, size in bytes and pixel size; their bytes are never sent. Other binary files are described by size. A folder lists its entries.",
    'Use runlens_getRun first to see a run\'s artifacts, then read the one you need.',
    "runId: the run's id. path: relative to the run's artifact root, '/' separated, e.g. \"config.json\", \"model/MLmodel\", \"plots/loss.png\"; leave empty for the root folder. No '..', no absolute paths, no backslashes.",
    'fromLine: the first line to show (default 1), to read further in a long text file.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      runId: { type: 'string', description: 'The run id.' },
      path: { type: 'string', description: 'Artifact path, e.g. "model/MLmodel"; empty for the root.' },
      fromLine: { type: 'integer', minimum: 1, description: 'First line of text to show (default 1).' },
    },
    required: ['runId'],
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, FIELDS);
    return {
      runId: requiredString(raw, 'runId', 200).trim(),
      path: checkedPath(optionalString(raw, 'path', 2000)),
      fromLine: optionalInteger(raw, 'fromLine', 1, Number.MAX_SAFE_INTEGER, 1),
    };
  },
  async run({ runId, path: file, fromLine }, context) {
    const run: Run = await context.store.tracking.getRun(runId, { signal: context.signal });
    const repo = context.store.artifacts(run.info.artifactUri);
    const folder = await listing(repo, file, context.signal);
    const label = file || '(root)';
    if (folder.page.items.length > 0 || file === '') {
      return {
        summary: `Folder ${label} of run '${run.info.runName}': ${folder.page.items.length}${folder.more ? '+' : ''} entries.`,
        data: { path: label, kind: 'folder', entries: folder.entries, ...(folder.more ? { more: folder.more } : {}) },
      };
    }
    const entry = await entryOf(repo, file, context.signal);
    if (entry?.isDir) return { summary: `Folder ${file} of run '${run.info.runName}' is empty.`, data: { path: file, kind: 'folder', entries: [] } };
    try {
      return await describeFile(repo, file, entry?.fileSize, fromLine, context);
    } catch (error) {
      if (entry === undefined && error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST') {
        throw MlflowError.notFound(`No artifact '${showPath(file)}' in run '${run.info.runName}'. Call runlens_readArtifact with an empty path, or runlens_getRun, to see its artifacts.`);
      }
      throw error;
    }
  },
};
