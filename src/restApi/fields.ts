// Request field schemas: how the server checks a request and how the client encodes one.
import { boundedJson } from '../shared/boundedQuote.ts';
import { MlflowError } from '../shared/errors.ts';
import { pythonFloat, pythonIntegralFloat } from './pythonNumbers.ts';

export type FieldType = 'string' | 'int' | 'number' | 'bool' | 'string[]' | 'object' | 'object[]';
export interface FieldSpec {
  type: FieldType;
  required?: boolean;
  /** A string list whose items must be strings (mlflow's `_assert_item_type_string`); otherwise numbers are read as strings. */
  stringItems?: boolean;
  /**
   * mlflow re-checks this field as an integer whenever a body fails its protobuf parse (search-experiments'
   * `view_type`, sent by name): then an enum name refuses a request another field broke.
   */
  intlikeOnParseFailure?: boolean;
}
export type Fields = Record<string, FieldSpec>;

const describe: Record<FieldType, string> = {
  string: 'a string', int: 'an integer', number: 'a number', bool: 'a boolean',
  'string[]': 'a list of strings', object: 'an object', 'object[]': 'a list of objects',
};

function invalid(field: string, value: unknown, type: FieldType): MlflowError {
  return MlflowError.invalidParameter(`Invalid value ${boundedJson(value)} for parameter '${field}' supplied: expected ${describe[type]}.`);
}

/** Coerces one JSON value to its field type; int64 fields may arrive as strings, as protobuf JSON allows. */
function coerce(field: string, value: unknown, type: FieldType, spec?: FieldSpec): unknown {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      throw invalid(field, value, type);
    case 'int': {
      // As mlflow 3.18 measured: a JSON number is truncated (1.5 → 1), a boolean counts as 0/1, a
      // string must read as a whole float ("1e3" yes, "0.5" and "0x10" no). Beyond 2^53 we refuse
      // where mlflow takes it: a JavaScript number cannot hold it exactly.
      const n = typeof value === 'string' ? pythonIntegralFloat(value) : typeof value === 'boolean' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n) && Number.isSafeInteger(Math.trunc(n))) return Math.trunc(n);
      throw invalid(field, value, type);
    }
    case 'number': {
      // Python's float() rules for strings ("NaN", " 1", "1_000" yes; "0x10", "0b1" no); booleans count as 0/1.
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return Number(value);
      const n = typeof value === 'string' ? pythonFloat(value) : undefined;
      if (n !== undefined) return n;
      throw invalid(field, value, type);
    }
    case 'bool':
      // A body's "true" is refused, as mlflow does; a query string's is read by queryToObject.
      if (typeof value === 'boolean') return value;
      throw invalid(field, value, type);
    case 'string[]':
      // A list only: mlflow refuses a bare string (or "") for a repeated field.
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || (!spec?.stringItems && typeof v === 'number'))) return value.map(String);
      throw invalid(field, value, type);
    case 'object':
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
      throw invalid(field, value, type);
    case 'object[]':
      if (Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return value;
      throw invalid(field, value, type);
  }
}

/**
 * A number nested in a request (a log-batch metric's value, timestamp, step) read by the same
 * rules as a top-level field; absent values pass through for the store's own missing-value check.
 */
export function coerceNested(path: string, value: unknown, type: 'int' | 'number'): unknown {
  return value === undefined || value === null ? value : coerce(path, value, type);
}

export function missing(field: string): MlflowError {
  return MlflowError.invalidParameter(`Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`);
}

/** Whether protobuf's JSON parser would refuse the value for the field's proto type (mlflow then re-checks the schema). */
function failsProtoParse(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'int': return (typeof value === 'number' && !Number.isInteger(value)) || typeof value === 'boolean';
    case 'bool': return typeof value !== 'boolean';
    case 'string[]': return !Array.isArray(value) || value.some((v) => typeof v !== 'string');
    default: return false;
  }
}

/** Checks a JSON body (or parsed query) against the schema: known fields typed, required fields present. */
export function checkRequest(input: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  const present = Object.entries(fields).filter(([name]) => input[name] !== undefined && input[name] !== null);
  if (present.some(([name, spec]) => failsProtoParse(input[name], spec.type))) {
    for (const [name, spec] of present) {
      if (spec.intlikeOnParseFailure && typeof input[name] === 'string' && pythonIntegralFloat(input[name]) === undefined) throw invalid(name, input[name], 'int');
    }
  }
  for (const [name, spec] of Object.entries(fields)) {
    const value = input[name];
    // An empty string is a missing value, except in int64 and list fields where mlflow refuses it as invalid.
    if (value === undefined || value === null || (value === '' && (spec.type === 'number' || spec.type === 'bool' || spec.type === 'object'))) {
      if (spec.required) throw missing(name);
      delete out[name];
      continue;
    }
    out[name] = coerce(name, value, spec.type, spec);
  }
  return out;
}

/** GET requests carry fields in the query string; repeated fields repeat the key. */
export function queryToObject(params: URLSearchParams, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const spec = fields[key];
    // `?max_results=` in a URL means the field is not given; a list keeps its empty item, as mlflow does.
    if (spec && spec.type !== 'string' && spec.type !== 'string[]' && params.get(key) === '') continue;
    const value = spec?.type === 'string[]' || spec?.type === 'object[]' ? params.getAll(key) : params.get(key);
    // As mlflow: a boolean in a URL is true or false in any case, anything else is refused.
    if (spec?.type === 'bool' && typeof value === 'string') {
      if (!/^(true|false)$/iu.test(value)) throw MlflowError.invalidParameter(`Invalid boolean value: ${boundedJson(value)}, must be 'true' or 'false'.`);
      out[key] = value.toLowerCase() === 'true';
      continue;
    }
    out[key] = value;
  }
  return out;
}

export function objectToQuery(request: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  return params;
}
