// The read-only `runlens-model-version:` documents of Compare Model Versions: a version's summary
// (`/<name>/<version>/summary.txt`) and the empty stand-in for a file one version does not have
// (`/<name>/<version>/missing/<file>`, named like the file so the diff picks its language).
// No vscode import.

export const VERSION_DOCUMENT_SCHEME = 'runlens-model-version';

export type VersionDocument =
  | { kind: 'summary'; name: string; version: string }
  | { kind: 'missing'; name: string; version: string; file: string };

/** The URI path of a document; the model name is one segment (names may hold '/'). */
export function versionDocumentPath(doc: VersionDocument): string {
  const base = `/${encodeURIComponent(doc.name)}/${encodeURIComponent(doc.version)}`;
  return doc.kind === 'summary' ? `${base}/summary.txt` : `${base}/missing/${encodeURIComponent(doc.file)}`;
}

/** Reads a path back; undefined for anything this scheme does not serve. */
export function parseVersionDocumentPath(uriPath: string): VersionDocument | undefined {
  const segments = uriPath.split('/');
  if (segments[0] !== '') return undefined;
  try {
    const [, name, version, what, file] = segments.map(decodeURIComponent);
    if (!name || !version) return undefined;
    if (segments.length === 4 && what === 'summary.txt') return { kind: 'summary', name, version };
    if (segments.length === 5 && what === 'missing' && file) return { kind: 'missing', name, version, file };
  } catch {
    return undefined;
  }
  return undefined;
}
