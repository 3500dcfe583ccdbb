// mlflow 3.18's server checks on a new model version's source (handlers.py: _create_model_version,
// _resolve_registered_model_source_lineage, _validate_source_run / _validate_source_model): the
// run or logged model the request names must contain the source, a `models:/<name>@alias` (or
// stage, or `latest`) source is resolved to `models:/<name>/<version>` and inherits its lineage,
// and a non-local source may hold no relative path segments.
import { boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';
import { parseModelsUri, type ParsedModelsUri } from '../../store/sqlite/modelSourceUri.ts';
import type { HandlerContext } from './handlerContext.ts';

export interface VersionSource {
  source: string;
  runId?: string;
  modelId?: string;
}

interface ParsedUrl {
  scheme: string;
  netloc: string;
  path: string;
}

/** Python's urllib.parse.urlparse, as far as these checks need it (params and fragment aside). */
function urlparse(uri: string): ParsedUrl {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):/u.exec(uri);
  const scheme = match ? match[1].toLowerCase() : '';
  let rest = match ? uri.slice(match[0].length) : uri;
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/u);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end < 0 ? '' : rest.slice(2 + end);
  }
  const cut = rest.search(/[?#]/u);
  return { scheme, netloc, path: cut < 0 ? rest : rest.slice(0, cut) };
}

function invalidSource(source: string, param: 'run_id' | 'model_id'): MlflowError {
  return MlflowError.invalidParameter(`Invalid model version source: '${boundedQuote(source)}'. The ${param} request parameter must identify the resource that contains the source.`);
}

/** Python's urllib.parse.unquote_plus, leaving malformed escapes as they are. */
function unquotePlus(text: string): string {
  const plus = text.replace(/\+/gu, ' ');
  return plus.replace(/(?:%[0-9A-Fa-f]{2})+/gu, (run) => {
    const bytes = Buffer.from(run.replace(/%/gu, ''), 'hex');
    return bytes.toString('utf8');
  });
}

/** A local path or a file: URI on this host (mlflow's is_local_uri). */
function isLocalUri(uri: string): boolean {
  const { scheme, netloc } = urlparse(uri);
  if (scheme === '') return true;
  const host = netloc.replace(/^.*@/u, '').replace(/:\d*$/u, '').toLowerCase();
  const remote = host !== '' && !(host === '.' || host.startsWith('localhost') || host.startsWith('127.0.0.1'));
  return scheme === 'file' ? !remote : false;
}

/**
 * mlflow's _validate_non_local_source_contains_relative_paths: after unquoting, the path must be
 * absolute and already normal (no `.`/`..` segments, no NUL) — an empty path (`bogus://x`) fails too.
 */
function checkNoRelativePaths(source: string): void {
  const refuse = () => MlflowError.invalidParameter(
    `Invalid model version source: '${boundedQuote(source)}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.`);
  let text = source;
  for (let i = 0; i < 100; i++) {
    const next = unquotePlus(text);
    if (next === text) break;
    text = next;
  }
  const path = urlparse(text).path.replace(/\/+$/u, '').replace(/\/+/gu, '/');
  if (path.includes('\u0000') || text.split('/').some((part) => part === '..')) throw refuse();
  if (!path.startsWith('/')) throw refuse();
  const segments = path.split('/').slice(1);
  if (segments.some((part) => part === '.' || part === '..' || part === '')) throw refuse();
}

/** scheme, authority and unquoted non-empty path parts (mlflow's _normalized_uri_parts). */
function uriParts(uri: string): { scheme: string; netloc: string; parts: string[] } {
  const { scheme, netloc, path } = urlparse(uri);
  const unquote = (part: string) => {
    let text = part;
    for (let i = 0; i < 100; i++) {
      let next: string;
      try {
        next = decodeURIComponent(text);
      } catch {
        return text;
      }
      if (next === text) return text;
      text = next;
    }
    return text;
  };
  return { scheme, netloc: netloc.toLowerCase(), parts: path.split('/').filter(Boolean).map(unquote) };
}

function isMlflowArtifactSource(source: string): boolean {
  const { scheme, parts } = uriParts(source);
  if (scheme === 'mlflow-artifacts') return true;
  const route = ['api', '2.0', 'mlflow-artifacts', 'artifacts'];
  return (scheme === 'http' || scheme === 'https') && parts.some((_, i) => route.every((r, j) => parts[i + j] === r));
}

function isWithinRoot(source: string, root: string): boolean {
  const s = uriParts(source);
  const r = uriParts(root);
  return s.scheme === r.scheme && s.netloc === r.netloc && r.parts.length > 0 && r.parts.every((part, i) => s.parts[i] === part);
}

function parseModelsSource(source: string): ParsedModelsUri {
  try {
    return parseModelsUri(source);
  } catch {
    throw invalidSource(source, 'model_id');
  }
}

async function orInvalid<T>(lookup: Promise<T>, source: string, param: 'run_id' | 'model_id'): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST') throw invalidSource(source, param);
    throw error;
  }
}

/** The source, run id and model id mlflow's server would store, or its refusal. */
export async function checkModelVersionSource(request: VersionSource & { hasRunId: boolean; hasModelId: boolean }, ctx: HandlerContext): Promise<VersionSource> {
  let { source, runId, modelId } = request;
  const parsed = urlparse(source);
  if (parsed.scheme === 'models') {
    if (parsed.netloc) {
      throw MlflowError.invalidParameter(`Invalid model version source: '${boundedQuote(source)}'. Registered model sources must use the active model registry.`);
    }
    const target = parseModelsSource(source);
    if (target.kind !== 'modelId') {
      await ctx.registry.getRegisteredModel(target.name);
      const version = target.kind === 'version' ? target.version : await resolveVersion(target, ctx);
      const mv = await ctx.registry.getModelVersion(target.name, version);
      if ((request.hasRunId && (runId ?? '') !== (mv.runId ?? '')) || (request.hasModelId && (modelId ?? '') !== (mv.modelId ?? ''))) {
        throw MlflowError.invalidParameter(`Invalid model version source: '${boundedQuote(source)}'. The run_id and model_id request parameters must match the referenced model version.`);
      }
      source = `models:/${target.name}/${mv.version}`;
      if (!request.hasRunId) runId = mv.runId || undefined;
      if (!request.hasModelId) modelId = mv.modelId || undefined;
    }
  }
  if (modelId) await checkSourceModel(source, modelId, ctx);
  else await checkSourceRun(source, runId, ctx);
  return { source, runId, modelId };
}

async function resolveVersion(target: Extract<ParsedModelsUri, { kind: 'unresolvable' }>, ctx: HandlerContext): Promise<string> {
  if (target.alias !== undefined) return (await ctx.registry.getModelVersionByAlias(target.name, target.alias)).version;
  const stage = target.stage ?? 'latest';
  const latest = await ctx.registry.getLatestVersions(target.name, stage.toLowerCase() === 'latest' ? undefined : [stage]);
  if (latest.length === 0) throw MlflowError.notFound(`No versions of model with name '${boundedQuote(target.name)}' and stage '${boundedQuote(stage)}' found`);
  return String(Math.max(...latest.map((v) => Number(v.version))));
}

async function checkSourceRun(source: string, runId: string | undefined, ctx: HandlerContext): Promise<void> {
  if (isLocalUri(source)) return; // local sources: confined to the artifact roots by validateArtifactUri
  checkNoRelativePaths(source);
  const { scheme, netloc, path } = urlparse(source);
  if (scheme === 'runs') {
    if (netloc) throw invalidSource(source, 'run_id');
    const sourceRunId = path.replace(/^\//u, '').split('/')[0];
    if (runId && sourceRunId === runId) return;
    throw invalidSource(source, 'run_id');
  }
  if (scheme === 'models') {
    if (netloc) throw invalidSource(source, 'model_id');
    if (parseModelsSource(source).kind === 'modelId') throw invalidSource(source, 'model_id');
  }
  if (isMlflowArtifactSource(source)) {
    if (runId) {
      const run = await orInvalid(ctx.tracking.getRun(runId), source, 'run_id');
      if (isWithinRoot(source, run.info.artifactUri)) return;
    }
    throw invalidSource(source, 'run_id');
  }
}

async function checkSourceModel(source: string, modelId: string, ctx: HandlerContext): Promise<void> {
  if (isLocalUri(source)) return;
  checkNoRelativePaths(source);
  const { scheme, netloc } = urlparse(source);
  if (scheme === 'models') {
    if (netloc) throw invalidSource(source, 'model_id');
    const target = parseModelsSource(source);
    if (target.kind === 'modelId') {
      if (target.modelId === modelId) return;
      throw invalidSource(source, 'model_id');
    }
  }
  if (scheme === 'runs') throw invalidSource(source, 'model_id');
  if (isMlflowArtifactSource(source)) {
    const model = await orInvalid(ctx.tracking.getLoggedModel(modelId), source, 'model_id');
    if (isWithinRoot(source, model.artifactUri)) return;
    throw invalidSource(source, 'model_id');
  }
}
