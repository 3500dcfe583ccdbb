// Page tokens in MLflow's own format, so tokens pass between RunLens and `mlflow server`:
// base64 of Python's json.dumps({"offset": n}), i.e. `{"offset": 100}` with a space after the colon.
import { MlflowError } from '../../shared/errors.ts';

export function encodePageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, 'utf8').toString('base64');
}

/** The offset a token stands for; 0 without a token. MLflow itself never issues offset 0. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const invalid = (why: string) => MlflowError.invalidParameter(`Invalid page token '${token}': ${why}`);
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(token)) throw invalid('not base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid('not base64-encoded JSON');
  }
  const offset = typeof parsed === 'object' && parsed !== null ? (parsed as { offset?: unknown }).offset : undefined;
  // Python's int() also takes a numeric string.
  const value = typeof offset === 'string' && /^\s*\d+\s*$/.test(offset) ? Number(offset) : offset;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid('expected a positive integer "offset"');
  }
  return value;
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
