// Writes a launched run's files (logs/stdout.log, code/uncommitted.diff) into its artifacts
// while it runs, for stores whose artifacts are local folders: `file:`/absolute roots, and
// `mlflow-artifacts:` roots kept in mlartifacts/ beside a local mlflow.db. No vscode.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { localRootPath } from '../../store/artifacts/localArtifactRepository.ts';

/** The local folder of a run's artifact root, or undefined when it is remote. */
export function localArtifactFolder(artifactUri: string, localStoreDir: string | undefined): string | undefined {
  if (/^mlflow-artifacts:/iu.test(artifactUri)) {
    if (!localStoreDir) return undefined;
    const rest = artifactUri.replace(/^mlflow-artifacts:(?:\/\/[^/]*)?/iu, '').replace(/^\/+/u, '');
    if (rest.split('/').some((part) => part === '..')) return undefined;
    return path.join(localStoreDir, 'mlartifacts', ...rest.split('/').filter(Boolean));
  }
  if (/^file:/iu.test(artifactUri) || path.isAbsolute(artifactUri)) return localRootPath(artifactUri);
  return undefined;
}

export async function writeArtifact(folder: string, relative: string, content: string): Promise<void> {
  const target = path.join(folder, ...relative.split('/'));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content, 'utf8');
}

/** An append-only artifact file, readable while the run is live. */
export async function openArtifactLog(folder: string, relative: string): Promise<WriteStream> {
  const target = path.join(folder, ...relative.split('/'));
  await mkdir(path.dirname(target), { recursive: true });
  return createWriteStream(target, { flags: 'a' });
}
