// Client-side checks on artifact paths, done before any I/O: a repository only ever reads
// below its root, whatever a caller or a server listing hands it.
import { MlflowError } from '../../shared/errors.ts';

// C0, DEL and C1 controls (NUL included): never part of a real artifact name.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/u;
const WINDOWS_DRIVE = /^[A-Za-z]:/u;

/** A path made safe to quote in a message: control characters escaped, length bounded. */
export function showPath(value: string): string {
  const shown = JSON.stringify(value).slice(1, -1);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

function refuse(value: string, reason: string): MlflowError {
  return MlflowError.invalidParameter(`Invalid artifact path '${showPath(value)}': ${reason}.`);
}

export interface ArtifactPathOptions {
  /** Whether '' (the repository root) is acceptable: listings take it, file reads do not. */
  allowEmpty?: boolean;
}

/**
 * Checks a relative artifact path and returns it normalised ('/' separated, no empty or '.'
 * segments). Refuses '..', absolute paths, backslashes and control characters, naming the path.
 */
export function checkArtifactPath(value: string | undefined, options: ArtifactPathOptions = {}): string {
  const relative = value ?? '';
  if (CONTROL_CHARS.test(relative)) throw refuse(relative, 'control characters (NUL included) are not allowed');
  if (relative.includes('\\')) throw refuse(relative, "backslashes are not allowed, use '/'");
  if (relative.startsWith('/') || WINDOWS_DRIVE.test(relative)) throw refuse(relative, 'it must be relative, not absolute');
  const segments = relative.split('/');
  if (segments.includes('..')) throw refuse(relative, "'..' segments are not allowed");
  const kept = segments.filter((segment) => segment !== '' && segment !== '.');
  if (kept.length === 0 && !options.allowEmpty) throw refuse(relative, 'it names no file');
  return kept.join('/');
}

/** Joins normalised relative paths, skipping empty ones. */
export function joinArtifactPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

/** The last segment of a normalised path. */
export function baseName(relative: string): string {
  return relative.slice(relative.lastIndexOf('/') + 1);
}

