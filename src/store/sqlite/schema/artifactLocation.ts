// Joins a path segment onto an artifact root the way mlflow's `append_to_uri_path` does:
// a plain path is joined as a POSIX path; a URI gets the segment appended to its path part,
// keeping its scheme, authority, query and fragment.

function joinPosix(prefix: string, suffix: string): string {
  if (prefix.length === 0) return suffix;
  const relative = suffix.replace(/^\/+/, '');
  return prefix.endsWith('/') ? prefix + relative : `${prefix}/${relative}`;
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function appendToArtifactUri(uri: string, segment: string): string {
  const scheme = SCHEME.exec(uri)?.[0];
  if (scheme === undefined) return joinPosix(uri, segment);
  const suffixStart = uri.slice(scheme.length).search(/[?#]/);
  const head = suffixStart < 0 ? uri : uri.slice(0, scheme.length + suffixStart);
  const tail = suffixStart < 0 ? '' : uri.slice(scheme.length + suffixStart);
  let pathStart = scheme.length;
  const hasAuthority = head.startsWith('//', scheme.length);
  if (hasAuthority) {
    const slash = head.indexOf('/', scheme.length + 2);
    pathStart = slash < 0 ? head.length : slash;
  }
  let path = joinPosix(head.slice(pathStart), segment);
  // A URI with an authority needs an absolute path, as urlunparse makes it.
  if (hasAuthority && !path.startsWith('/')) path = `/${path}`;
  return head.slice(0, pathStart) + path + tail;
}
