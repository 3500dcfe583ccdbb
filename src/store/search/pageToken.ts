// Page tokens in MLflow's own format, so tokens pass between RunLens and `mlflow server`:
// base64 of Python's json.dumps({"offset": n}), i.e. `{"offset": 100}` with a space after the colon.
import { boundedJson } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';

export function encodePageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

/** The offset a token stands for; 0 without a token. MLflow itself never issues offset 0. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const invalid = (why: string) => MlflowError.invalidParameter(`Invalid page token '${token}': ${why}`);
  const parsed = tokenJson(token, invalid);
  const offset = typeof parsed === 'object' && parsed !== null ? (parsed as { offset?: unknown }).offset : undefined;
  // Python's int() also takes a numeric string.
  const value = typeof offset === 'string' && /^\s*\d+\s*$/.test(offset) ? Number(offset) : offset;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid('expected a positive integer "offset"');
  }
  return value;
}

/** A token's JSON as Python's base64.b64decode + json.loads read it: the padding must be complete. */
function tokenJson(token: string, invalid: (why: string) => Error): unknown {
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(token)) throw invalid('not base64');
  if (token.replace(/\s/gu, '').length % 4 !== 0) throw invalid('could not base64-decode (incorrect padding)');
  try {
    return JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid('not base64-encoded JSON');
  }
}

/**
 * Logged-model search tokens in mlflow 3.18's format (SearchLoggedModelsPaginationToken): the JSON
 * of {experiment_ids, filter_string, order_by, offset}, so a token only pages the search it came from.
 */
export function encodeLoggedModelsPageToken(offset: number, experimentIds: readonly string[], filter: string | undefined, orderBy?: readonly unknown[]): string {
  const json = `{"experiment_ids": ${pyJson(experimentIds)}, "filter_string": ${filter ? pyJson(filter) : 'null'}, "order_by": ${orderBy?.length ? pyJson(orderBy) : 'null'}, "offset": ${offset}}`;
  return Buffer.from(json, 'utf8').toString('base64');
}

/** The offset of a logged-model search token, refused (as mlflow does) unless it came from the same search. */
export function decodeLoggedModelsPageToken(token: string | undefined, experimentIds: readonly string[], filter: string | undefined, orderBy?: readonly unknown[]): number {
  if (token === undefined || token === '') return 0;
  const invalid = (why: string) => MlflowError.invalidParameter(`Invalid page token '${token}': ${why}`);
  const parsed = tokenJson(token, invalid);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('expected a JSON object');
  const fields = parsed as { experiment_ids?: unknown; filter_string?: unknown; order_by?: unknown; offset?: unknown };
  const ids = fields.experiment_ids;
  if (!Array.isArray(ids) || ids.length !== experimentIds.length || ids.some((id, i) => id !== experimentIds[i])) {
    throw MlflowError.invalidParameter(`Experiment IDs in the page token do not match the requested experiment IDs. Expected: ${pyJson(experimentIds)}. Found: ${boundedJson(ids ?? null)}`);
  }
  if ((fields.filter_string || undefined) !== (filter || undefined)) {
    throw MlflowError.invalidParameter('Filter string in the page token does not match the requested filter string.');
  }
  const tokenOrder = Array.isArray(fields.order_by) && fields.order_by.length ? JSON.stringify(fields.order_by) : fields.order_by ? 'other' : undefined;
  if (tokenOrder !== (orderBy?.length ? JSON.stringify(orderBy) : undefined)) {
    throw MlflowError.invalidParameter('Order by in the page token does not match the requested order by.');
  }
  const offset = fields.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw invalid('expected a non-negative integer "offset"');
  return offset;
}

/** Python's json.dumps of a JSON value: `", "` and `": "` spacing, non-ASCII escaped as \uXXXX (UTF-16 units). */
function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => pyJson(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${pyJson(k)}: ${pyJson(v)}`).join(', ')}}`;
  let out = '';
  for (const unit of (JSON.stringify(value) ?? 'null').split('')) {
    const code = unit.charCodeAt(0);
    out += code >= 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : unit;
  }
  return out;
}

/**
 * Where a query starts: its explicit `offset` (checked) or its page token's. Stores call this, so
 * code outside src/store never builds tokens.
 */
export function queryOffset(query: { offset?: number; pageToken?: string }): number {
  if (query.offset === undefined) return decodePageToken(query.pageToken);
  if (!Number.isSafeInteger(query.offset) || query.offset < 0) throw MlflowError.invalidParameter(`Invalid offset ${query.offset}: expected a non-negative integer`);
  return query.offset;
}

/** The page token that starts at `offset` (none at the start), for stores whose server pages by MLflow's offset tokens. */
export function pageTokenAt(query: { offset?: number; pageToken?: string }): string | undefined {
  if (query.offset === undefined) return query.pageToken;
  const offset = queryOffset(query);
  return offset > 0 ? encodePageToken(offset) : undefined;
}
