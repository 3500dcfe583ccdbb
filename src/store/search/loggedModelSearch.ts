// Logged-model search filters as mlflow 3.18's SQL store reads them (utils/search_logged_model_utils.py):
// comparisons separated by AND (a stray AND, leading or dangling, is only a separator), each
// `<entity>.<key> <op> <value>` or a bare attribute; keys lose their backticks; string values lose
// their outer single quotes; metrics and timestamps compare as numbers.
import { boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';
import { isKeyword, tokenize, type Token } from './tokenizer.ts';

export type LoggedModelEntity = 'attribute' | 'metric' | 'param' | 'tag';

export interface LoggedModelComparison {
  entity: LoggedModelEntity;
  /** For attributes, the logged_models column (aliases resolved). */
  key: string;
  /** Upper case: = != < <= > >= LIKE ILIKE IN NOT IN. */
  op: string;
  value: string | number | string[];
}

const ENTITIES: Record<string, LoggedModelEntity> = { attributes: 'attribute', metrics: 'metric', params: 'param', tags: 'tag' };
export const LOGGED_MODEL_ALIASES: Record<string, string> = { creation_time: 'creation_timestamp_ms', creation_timestamp: 'creation_timestamp_ms', last_updated_timestamp: 'last_updated_timestamp_ms' };
/** The logged_models columns mlflow's getattr(SqlLoggedModel, key) finds (another key is a 500 there). */
export const LOGGED_MODEL_COLUMNS = new Set(['model_id', 'experiment_id', 'name', 'artifact_location', 'creation_timestamp_ms', 'last_updated_timestamp_ms', 'status', 'lifecycle_stage', 'model_type', 'source_run_id', 'status_message']);
const NUMERIC_COLUMNS = new Set(['creation_timestamp_ms', 'last_updated_timestamp_ms']);
const NUMERIC_OPS = ['<', '<=', '>', '>=', '=', '!='];
const STRING_OPS = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

export function parseLoggedModelFilter(filter: string | undefined): LoggedModelComparison[] {
  if (!filter) return [];
  const tokens = tokenize(filter);
  const invalid = () => MlflowError.invalidParameter(
    `Invalid filter string: '${boundedQuote(filter)}'. Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').`);
  const out: LoggedModelComparison[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (isKeyword(tokens[i], 'AND')) {
      i++;
      continue;
    }
    const identifier = tokens[i];
    if (identifier.kind !== 'word') throw invalid();
    let op: string | undefined;
    let next = tokens[i + 1];
    if (next?.kind === 'operator') op = next.text;
    else if (next?.kind === 'word' && ['LIKE', 'ILIKE', 'IN'].includes(next.text.toUpperCase())) op = next.text.toUpperCase();
    else if (isKeyword(next, 'NOT') && isKeyword(tokens[i + 2], 'IN')) {
      op = 'NOT IN';
      i++;
    }
    if (op === undefined) throw invalid();
    i += 2;
    next = tokens[i];
    let value: string | number | string[];
    if (next?.kind === 'lparen') {
      const items: string[] = [];
      i++;
      while (tokens[i]?.kind === 'string') {
        items.push((tokens[i] as Token & { value: string }).value);
        i++;
        if (tokens[i]?.kind === 'comma') i++;
        else break;
      }
      if (tokens[i]?.kind !== 'rparen') throw invalid();
      i++;
      value = items;
    } else if (next?.kind === 'string' || next?.kind === 'number' || next?.kind === 'word') {
      value = next.text;
      i++;
    } else {
      throw invalid();
    }
    if (i < tokens.length && !isKeyword(tokens[i], 'AND')) throw invalid();
    out.push(comparison(identifier.text, op, value));
  }
  return out;
}

function comparison(identifier: string, op: string, raw: string | string[]): LoggedModelComparison {
  const dotted = /^([a-z]+)\.(.+)$/su.exec(identifier);
  let entity: LoggedModelEntity;
  let key: string;
  if (dotted) {
    const type = ENTITIES[dotted[1]];
    if (!type) throw MlflowError.invalidParameter(`Invalid entity type: '${boundedQuote(dotted[1])}'. Expected one of ['attributes', 'metrics', 'params', 'tags'].`);
    entity = type;
    key = stripChar(dotted[2], '`');
  } else {
    entity = 'attribute';
    key = stripChar(LOGGED_MODEL_ALIASES[identifier] ?? identifier, '`');
  }
  if (entity === 'attribute') {
    key = LOGGED_MODEL_ALIASES[key] ?? key;
    if (!LOGGED_MODEL_COLUMNS.has(key)) throw MlflowError.invalidParameter(`Invalid logged model search key '${boundedQuote(key)}'`);
  }
  const numeric = entity === 'metric' || (entity === 'attribute' && NUMERIC_COLUMNS.has(key));
  const ops = numeric ? NUMERIC_OPS : STRING_OPS;
  if (!ops.includes(op)) {
    throw MlflowError.invalidParameter(`Invalid comparison operator for ${entity}s.${boundedQuote(key)}: '${boundedQuote(op)}'. Expected one of ${ops.join(', ')}.`);
  }
  if ((op === 'IN' || op === 'NOT IN') !== Array.isArray(raw)) {
    throw MlflowError.invalidParameter(`Invalid value for ${op}: ${boundedQuote(String(raw))}`);
  }
  if (numeric) {
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) throw MlflowError.invalidParameter(`Invalid numeric value for ${key}: '${boundedQuote(String(raw))}'`);
    return { entity, key, op, value };
  }
  return { entity, key, op, value: Array.isArray(raw) ? raw : stripChar(raw, "'") };
}

/** Python's str.strip(ch). */
function stripChar(text: string, ch: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === ch) start++;
  while (end > start && text[end - 1] === ch) end--;
  return text.slice(start, end);
}
