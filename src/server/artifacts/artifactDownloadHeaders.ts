// The headers of an artifact download, as MLflow's server sends them: its Content-Type guess
// from the file name, an attachment disposition, and no sniffing.

// MLflow serves these extensions (matched case-sensitively, or the whole name when it has no
// extension) as text/plain; everything else goes through Python's mimetypes table.
const MLFLOW_TEXT_EXTENSIONS = new Set([
  'txt', 'log', 'err', 'cfg', 'conf', 'cnf', 'cf', 'ini', 'properties', 'prop', 'hocon', 'toml', 'yaml', 'yml', 'xml',
  'json', 'js', 'py', 'py3', 'csv', 'tsv', 'md', 'rst', 'ipynb', 'MLmodel', 'mlproject',
]);
// The common entries of Python's built-in mimetypes table (keys lower case).
const MIME_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', jpe: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml',
  webp: 'image/webp', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', ico: 'image/vnd.microsoft.icon', avif: 'image/avif',
  html: 'text/html', htm: 'text/html', css: 'text/css', json: 'application/json', csv: 'text/csv', tsv: 'text/tab-separated-values',
  js: 'text/javascript', md: 'text/markdown', py: 'text/x-python', pdf: 'application/pdf', zip: 'application/zip',
  tar: 'application/x-tar', mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mp3: 'audio/mpeg', wav: 'audio/x-wav', ogg: 'audio/ogg',
};
// Python's suffix_map and encodings_map: `.tgz` is `.tar.gz`, and a compression suffix is skipped.
const SUFFIX_ALIASES: Record<string, string> = { tgz: 'tar.gz', taz: 'tar.gz', tz: 'tar.gz', tbz2: 'tar.bz2', txz: 'tar.xz', svgz: 'svg.gz' };
const ENCODING_SUFFIXES = new Set(['gz', 'z', 'bz2', 'xz', 'br']);

/** Python's os.path.splitext extension without the dot ('' for '.hidden' or 'MLmodel'). */
function extensionOf(fileName: string): string {
  const stem = fileName.replace(/^\.+/u, '');
  const dot = stem.lastIndexOf('.');
  return dot < 0 ? '' : stem.slice(dot + 1);
}

/** The Content-Type MLflow's server sends for an artifact file name; application/octet-stream when unknown. */
export function guessArtifactContentType(fileName: string): string {
  const extension = extensionOf(fileName);
  if (MLFLOW_TEXT_EXTENSIONS.has(extension === '' ? fileName : extension)) return 'text/plain';
  let name = fileName;
  let ext = extension;
  const alias = SUFFIX_ALIASES[ext.toLowerCase()];
  if (alias) {
    name = `${name.slice(0, name.length - ext.length)}${alias}`;
    ext = extensionOf(name);
  }
  if (ENCODING_SUFFIXES.has(ext.toLowerCase())) {
    name = name.slice(0, name.length - ext.length - 1);
    ext = extensionOf(name);
  }
  return (ext && MIME_TYPES[ext.toLowerCase()]) || 'application/octet-stream';
}

/** `attachment; filename=…` with an RFC 5987 form for names that are not plain ASCII. */
function contentDisposition(fileName: string): string {
  if (/^[\x20-\x7e]*$/u.test(fileName)) return `attachment; filename="${fileName.replace(/["\\]/gu, '\\$&')}"`;
  const fallback = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/gu, '').replace(/["\\]/gu, '') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** Headers of a 200 download of `fileName`; `size` when known (a cloud object may not say). */
export function downloadHeaders(fileName: string, size: number | undefined): Record<string, string | number> {
  return {
    'Content-Type': guessArtifactContentType(fileName),
    ...(size === undefined ? {} : { 'Content-Length': size }),
    'Content-Disposition': contentDisposition(fileName),
    // Served as a download on the server's own origin: never let a browser render it.
    'X-Content-Type-Options': 'nosniff',
  };
}
