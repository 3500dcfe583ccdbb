// Path confinement for everything a client can point at the server's disk: proxied artifact
// paths, listed folders, model-version sources and experiment artifact locations.
// Rules: decode exactly once, reject anything that could climb or jump out of the root, then
// resolve against the root and re-check after following symlinks (past MLflow CVEs:
// CVE-2023-1177/2356/2780/6730/6831/6909, CVE-2024-1483/1560/1594/3573/3848).
import { lstatSync, realpathSync } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';

const MAX_PATH_CHARS = 4096;
const MAX_SEGMENT_BYTES = 255;
// C0, DEL and C1 controls: never part of a legitimate artifact name, and they break logs and headers.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/u;
const WINDOWS_DRIVE = /^[A-Za-z]:/u;
const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/u;
const PROXY_ROUTE_ANCHOR = '/api/2.0/mlflow-artifacts/artifacts/';

/** A path or URI made safe to quote in an error message (no control characters, bounded length). */
export const describePath = boundedQuote;

function invalid(what: string, value: string, reason: string): MlflowError {
  return MlflowError.invalidParameter(`Invalid ${what} '${describePath(value)}': ${reason}.`);
}

/** Decodes %XX escapes of ASCII bytes only, leniently; used to see what a second decode would reveal. */
function decodeAsciiEscapes(value: string): string {
  return value.replace(/%([0-7][0-9A-Fa-f])/gu, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function hasDotDotSegment(value: string): boolean {
  return value.split(/[/\\]/u).some((segment) => segment === '..');
}

/**
 * Whether decoding `value` again (and again) would reveal traversal. The decoded value is
 * never used, only refused: a component that decodes twice elsewhere must not turn
 * `%252e%252e%252f` into `../` (CVE-2024-1560).
 */
function revealsTraversalWhenDecodedAgain(value: string, isAbsolute = false): boolean {
  let current = value;
  for (let round = 0; round < 10; round++) {
    const next = decodeAsciiEscapes(current);
    if (next === current) return false;
    current = next;
    const jumps = !isAbsolute && (current.startsWith('/') || WINDOWS_DRIVE.test(current));
    if (jumps || hasDotDotSegment(current) || ((!isAbsolute || path.sep === '/') && current.includes('\\')) || CONTROL_CHARS.test(current)) {
      return true;
    }
  }
  return true;
}

export interface RelativePathOptions {
  /** Whether '' (the root itself) is acceptable; listings allow it, file operations do not. */
  allowEmpty?: boolean;
  /** How the value is named in error messages. */
  what?: string;
}

/**
 * Checks an already-decoded relative artifact path and returns it normalised: '/' separated,
 * without empty or '.' segments. Throws INVALID_PARAMETER_VALUE naming the path otherwise.
 */
export function checkRelativeArtifactPath(relative: string, options: RelativePathOptions = {}): string {
  const what = options.what ?? 'artifact path';
  if (relative.length > MAX_PATH_CHARS) throw invalid(what, relative, `longer than ${MAX_PATH_CHARS} characters`);
  if (CONTROL_CHARS.test(relative)) throw invalid(what, relative, 'control characters are not allowed');
  if (relative.includes('\\')) throw invalid(what, relative, "backslashes are not allowed, use '/'");
  if (relative.includes('#')) throw invalid(what, relative, "'#' (a URL fragment) is not allowed");
  if (relative.includes('?')) throw invalid(what, relative, "'?' (a query string) is not allowed");
  if (relative.startsWith('/') || WINDOWS_DRIVE.test(relative)) throw invalid(what, relative, 'it must be relative, not absolute');
  if (URI_SCHEME.test(relative)) throw invalid(what, relative, "it must be a relative path, not a URI or drive ('<name>:' prefix)");
  const segments = relative.split('/');
  if (segments.includes('..')) throw invalid(what, relative, "'..' segments are not allowed");
  // '...', '. .' and the like: Windows trims trailing dots and spaces, which can turn them into '..'.
  if (segments.some((segment) => segment !== '.' && /^[. ]+$/u.test(segment))) {
    throw invalid(what, relative, 'names made only of dots and spaces are not allowed');
  }
  if (process.platform === 'win32' && segments.some((segment) => segment.includes(':') || /[. ]$/u.test(segment))) {
    throw invalid(what, relative, "':' and trailing dots or spaces in names are not allowed on Windows");
  }
  if (revealsTraversalWhenDecodedAgain(relative)) throw invalid(what, relative, 'it contains an encoded path traversal');
  const kept = segments.filter((segment) => segment !== '' && segment !== '.');
  for (const segment of kept) {
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw invalid(what, relative, `a name is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
  if (kept.length === 0 && !options.allowEmpty) throw invalid(what, relative, 'it names no file');
  return kept.join('/');
}

/**
 * Decodes a raw (still percent-encoded) artifact path from a request URL exactly once and
 * checks it. The result is the decoded path as given (not normalised), for messages and
 * `..`-free joins; pass it to `confinedPath` to get a location on disk.
 */
export function decodeArtifactPath(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Also catches overlong or otherwise invalid UTF-8 such as %c0%ae.
    throw invalid('artifact path', raw, 'malformed percent-encoding or invalid UTF-8');
  }
  checkRelativeArtifactPath(decoded, { allowEmpty: true });
  return decoded;
}

/** Whether `candidate` is `root` or lies below it (both absolute and normalised). */
export function isInsideRoot(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The real path of `target`: its deepest existing ancestor with symlinks resolved, plus the
 * not-yet-existing rest. A dangling symlink on the way is refused: writing through it could land anywhere.
 */
async function realpathOfDeepestExisting(target: string, shown: string): Promise<string> {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    const entry = await lstat(current).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (entry?.isSymbolicLink()) throw invalid('artifact path', shown, 'it goes through a dangling symbolic link');
    const parent = path.dirname(current);
    if (parent === current) return path.join(current, ...rest);
    rest.unshift(path.basename(current));
    current = parent;
  }
}

/**
 * Resolves a decoded relative artifact path against `root` and proves the result stays inside
 * it, also after following symlinks. Returns the real (symlink-free) absolute path.
 */
export async function confinedPath(root: string, relative: string): Promise<string> {
  const normalised = checkRelativeArtifactPath(relative, { allowEmpty: true });
  const rootAbsolute = path.resolve(root);
  const target = normalised === '' ? rootAbsolute : path.resolve(rootAbsolute, ...normalised.split('/'));
  if (!isInsideRoot(rootAbsolute, target)) throw invalid('artifact path', relative, 'it resolves outside the artifact root');
  const realRoot = await realpathOfDeepestExisting(rootAbsolute, '');
  const realTarget = await realpathOfDeepestExisting(target, relative);
  if (!isInsideRoot(realRoot, realTarget)) {
    throw invalid('artifact path', relative, 'it resolves outside the artifact root through a symbolic link');
  }
  return realTarget;
}

function realpathOfDeepestExistingSync(target: string): string {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    let dangling = false;
    try {
      dangling = lstatSync(current).isSymbolicLink();
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (dangling) throw invalid('artifact location', target, 'it goes through a dangling symbolic link');
    const parent = path.dirname(current);
    if (parent === current) return path.join(current, ...rest);
    rest.unshift(path.basename(current));
    current = parent;
  }
}

/** The scheme of a URI in lower case, or undefined for a plain path (a Windows drive is not a scheme). */
export function uriScheme(uri: string): string | undefined {
  const match = URI_SCHEME.exec(uri);
  if (!match || match[1].length === 1) return undefined;
  return match[1].toLowerCase();
}

/** The part of a URI after `scheme:` and any `//authority`. */
function afterAuthority(uri: string): { authority: string | undefined; rest: string } {
  const afterScheme = uri.slice(uri.indexOf(':') + 1);
  if (!afterScheme.startsWith('//')) return { authority: undefined, rest: afterScheme };
  const slash = afterScheme.indexOf('/', 2);
  return slash < 0
    ? { authority: afterScheme.slice(2), rest: '' }
    : { authority: afterScheme.slice(2, slash), rest: afterScheme.slice(slash) };
}

function checkNoQueryOrFragment(what: string, uri: string): void {
  if (uri.includes('#')) throw invalid(what, uri, "URL fragments ('#') are not allowed");
  if (uri.includes('?')) throw invalid(what, uri, "query strings ('?') are not allowed");
}

/** Checks a local absolute path given as text (no URI decoding) and returns it normalised. */
function checkLocalPath(what: string, shown: string, local: string): string {
  if (CONTROL_CHARS.test(local)) throw invalid(what, shown, 'control characters are not allowed');
  if (hasDotDotSegment(local)) throw invalid(what, shown, "'..' segments are not allowed");
  if (path.sep === '/' && local.includes('\\')) throw invalid(what, shown, 'backslashes are not allowed');
  if (revealsTraversalWhenDecodedAgain(local, true)) throw invalid(what, shown, 'it contains an encoded path traversal');
  return path.resolve(local);
}

/**
 * The absolute local path of a `file:` URI (`file:///abs`, `file:/abs`, `file://localhost/abs`),
 * decoded once and checked. Throws INVALID_PARAMETER_VALUE for anything unsafe.
 */
export function fileUriToLocalPath(uri: string, what = 'artifact location'): string {
  checkNoQueryOrFragment(what, uri);
  const { authority, rest } = afterAuthority(uri);
  if (authority !== undefined && authority !== '' && authority.toLowerCase() !== 'localhost') {
    throw invalid(what, uri, `file URIs on another host ('${describePath(authority)}') are not allowed`);
  }
  if (hasDotDotSegment(rest)) throw invalid(what, uri, "'..' segments are not allowed");
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw invalid(what, uri, 'malformed percent-encoding or invalid UTF-8');
  }
  if (!decoded.startsWith('/')) throw invalid(what, uri, 'a file URI must hold an absolute path');
  return checkLocalPath(what, uri, decoded);
}

/**
 * The decoded relative path an `mlflow-artifacts:` URI (or an http(s) URL of this proxy route)
 * names under the artifacts destination, checked; '' for the destination itself.
 */
export function proxiedRelativePath(uri: string, what = 'artifact location'): string {
  checkNoQueryOrFragment(what, uri);
  let { rest } = afterAuthority(uri);
  const scheme = uriScheme(uri);
  if (scheme === 'http' || scheme === 'https') {
    const anchor = rest.indexOf(PROXY_ROUTE_ANCHOR);
    if (anchor < 0) throw invalid(what, uri, `an http(s) artifact URL must point into ${PROXY_ROUTE_ANCHOR}`);
    rest = rest.slice(anchor + PROXY_ROUTE_ANCHOR.length);
  }
  if (hasDotDotSegment(rest)) throw invalid(what, uri, "'..' segments are not allowed");
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest.replace(/^\/+/u, ''));
  } catch {
    throw invalid(what, uri, 'malformed percent-encoding or invalid UTF-8');
  }
  return checkRelativeArtifactPath(decoded, { allowEmpty: true, what });
}

/** Whether the URI is served by this server's artifact proxy (`mlflow-artifacts:` or its http route). */
export function isProxiedArtifactUri(uri: string): boolean {
  const scheme = uriScheme(uri);
  if (scheme === 'mlflow-artifacts') return true;
  return (scheme === 'http' || scheme === 'https') && uri.includes(PROXY_ROUTE_ANCHOR);
}

export interface ArtifactUriOptions {
  /** How the value is named in error messages, e.g. 'model version source'. */
  what?: string;
  /** Whether URIs the server never touches on disk (s3:, gs:, runs:, models:, plain http…) are accepted. Default true. */
  allowRemote?: boolean;
}

/**
 * Validates a client-supplied artifact URI (experiment `artifact_location`, model-version
 * `source`): local paths and `file:` URIs must lie inside one of `allowedRoots` (after
 * following symlinks); `mlflow-artifacts:` paths must be clean relative paths; other schemes
 * must not carry traversal, even encoded. Throws INVALID_PARAMETER_VALUE naming the URI.
 */
export function validateArtifactUri(uri: string, allowedRoots: string[], options: ArtifactUriOptions = {}): void {
  const what = options.what ?? 'artifact location';
  if (CONTROL_CHARS.test(uri)) throw invalid(what, uri, 'control characters are not allowed');
  if (uri.includes('#')) throw invalid(what, uri, "URL fragments ('#') are not allowed");
  const scheme = uriScheme(uri);
  if (isProxiedArtifactUri(uri)) {
    proxiedRelativePath(uri, what);
    return;
  }
  let local: string | undefined;
  if (scheme === 'file') {
    local = fileUriToLocalPath(uri, what);
  } else if (scheme === undefined) {
    checkNoQueryOrFragment(what, uri);
    if (WINDOWS_DRIVE.test(uri) && path.sep === '/') throw invalid(what, uri, 'Windows drive paths are not allowed on this server');
    local = checkLocalPath(what, uri, uri);
  }
  if (local !== undefined) {
    const real = realpathOfDeepestExistingSync(local);
    const inside = allowedRoots.some((root) => isInsideRoot(realpathOfDeepestExistingSync(path.resolve(root)), real));
    if (!inside) throw invalid(what, uri, 'local paths must stay inside the server\'s artifact roots');
    return;
  }
  if (options.allowRemote === false) throw invalid(what, uri, `the '${scheme}' scheme is not accepted here`);
  // Remote schemes never touch our disk, but another component may resolve them: refuse traversal anyway.
  let decoded = uri;
  for (let round = 0; round < 10; round++) {
    const next = decodeAsciiEscapes(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  if (hasDotDotSegment(decoded) || decoded.includes('\u0000')) throw invalid(what, uri, "'..' segments and NUL are not allowed, even encoded");
}
