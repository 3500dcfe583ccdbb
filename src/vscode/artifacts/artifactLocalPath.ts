// Where an artifact sits on this machine, when its repository root is a local folder. Pure Node.
import path from 'node:path';
import { checkArtifactPath } from '../../store/artifacts/artifactPath.ts';
import { localRootPath } from '../../store/artifacts/localArtifactRepository.ts';

/** True for `file:` URIs and absolute paths (a one-letter "scheme" is a Windows drive). */
export function isLocalArtifactRoot(rootUri: string): boolean {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/u.exec(rootUri)?.[1];
  if (scheme && scheme.length > 1) return scheme.toLowerCase() === 'file';
  return path.isAbsolute(rootUri);
}

/** The local file or folder of `artifactPath` under a local root; undefined for remote roots. */
export function localArtifactPath(rootUri: string, artifactPath: string): string | undefined {
  if (!isLocalArtifactRoot(rootUri)) return undefined;
  const relative = checkArtifactPath(artifactPath, { allowEmpty: true });
  const root = localRootPath(rootUri);
  return relative === '' ? root : path.join(root, ...relative.split('/'));
}
