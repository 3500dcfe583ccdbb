// `models:/…` version sources: which logged model or registry version they point at.
import { MlflowError } from '../../shared/errors.ts';

export type ParsedModelsUri =
  | { kind: 'modelId'; modelId: string }
  | { kind: 'version'; name: string; version: string }
  /** Stage, `latest` and alias forms: valid URIs that a version source cannot resolve. */
  | { kind: 'unresolvable'; name: string; stage?: string; alias?: string };

/** Whether the source uses the `models:` scheme (any case, as URL schemes are). */
export function isModelsUri(source: string): boolean {
  return /^models:/iu.test(source);
}

function improper(uri: string): MlflowError {
  // mlflow raises this without an error code, so clients see INTERNAL_ERROR.
  return new MlflowError('INTERNAL_ERROR',
    `Not a proper models:/ URI: ${uri}. Models URIs must be of the form 'models:/name/suffix' or 'models:/name@alias' where suffix is a version, stage, or the string 'latest' and where alias is a registered model alias. Only one of suffix or alias can be defined at a time.`);
}

/** The path part the way Python's urlparse (fragments kept) sees it. */
function uriPath(uri: string): string {
  let rest = uri.slice(uri.indexOf(':') + 1);
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?]/u);
    rest = end < 0 ? '' : rest.slice(2 + end);
  }
  const query = rest.indexOf('?');
  return query < 0 ? rest : rest.slice(0, query);
}

export function parseModelsUri(uri: string): ParsedModelsUri {
  const path = uriPath(uri);
  if (!path.startsWith('/') || path.length <= 1) throw improper(uri);
  const parts = path.replace(/^\/+/u, '').split('/');
  if (parts.length > 2 || parts[0].trim() === '') throw improper(uri);
  if (parts.length === 2) {
    const [name, suffix] = parts;
    if (suffix.trim() === '') throw improper(uri);
    return /^\p{Nd}+$/u.test(suffix) ? { kind: 'version', name, version: suffix } : { kind: 'unresolvable', name, stage: suffix };
  }
  if (path.includes('@')) {
    const at = parts[0].lastIndexOf('@');
    if (at < 0 || parts[0].slice(at + 1).trim() === '') throw improper(uri);
    return { kind: 'unresolvable', name: parts[0].slice(0, at), alias: parts[0].slice(at + 1) };
  }
  return { kind: 'modelId', modelId: parts[0] };
}
