// MLflow's meta.yaml files, read the way PyYAML's SafeLoader (YAML 1.1) reads them.
// MLflow writes with PyYAML, which leaves strings such as `1e3` unquoted because YAML 1.1 floats
// need a dot; a YAML 1.2 (or the `yaml` package's 1.1) resolver would turn them into numbers.
// So the document is parsed with every scalar kept as text, and plain scalars are resolved here
// with PyYAML's own rules.
import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, type Document } from 'yaml';
import { MlflowError } from '../../shared/errors.ts';

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };
export type YamlMap = { [key: string]: YamlValue };

const NULL = /^(?:~|null|Null|NULL|)$/u;
const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/u;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/u;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/u;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/u;

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function resolveInt(text: string): number {
  let body = text.replaceAll('_', '');
  const sign = body.startsWith('-') ? -1 : 1;
  if (body[0] === '-' || body[0] === '+') body = body.slice(1);
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  if (body.startsWith('0')) return sign * parseInt(body, 8);
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body);
}

function resolveFloat(text: string): number {
  let body = text.replaceAll('_', '').toLowerCase();
  const sign = body.startsWith('-') ? -1 : 1;
  if (body[0] === '-' || body[0] === '+') body = body.slice(1);
  if (body === '.inf') return sign * Infinity;
  if (body === '.nan') return NaN;
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body);
}

/** A plain (unquoted) scalar as PyYAML's SafeLoader resolves it; timestamps stay text. */
export function resolvePlainScalar(text: string): string | number | boolean | null {
  if (NULL.test(text)) return null;
  if (BOOL_TRUE.test(text)) return true;
  if (BOOL_FALSE.test(text)) return false;
  if (INT.test(text)) return resolveInt(text);
  if (FLOAT.test(text)) return resolveFloat(text);
  return text;
}

function toValue(node: unknown, doc: Document): YamlValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toValue(node.resolve(doc), doc);
  if (isScalar(node)) {
    const text = String(node.value ?? '');
    return node.type === Scalar.PLAIN ? resolvePlainScalar(text) : text;
  }
  if (isSeq(node)) return node.items.map((item) => toValue(item, doc));
  if (isMap(node)) {
    const result: YamlMap = {};
    for (const pair of node.items) {
      const key = toValue(pair.key, doc);
      result[String(key)] = toValue(pair.value, doc);
    }
    return result;
  }
  return null;
}

const FLAT_LINE = /^([A-Za-z_][\w.-]*): (.+)$/u;
const SINGLE_QUOTED = /^'(?:[^']|'')*'$/u;
// Plain scalars that cannot start or contain YAML syntax: a leading indicator, `: `, ` #`, tabs.
const SAFE_PLAIN = /^(?![-?:](?:\s|$))[^\s,[\]{}#&*!|>'"%@`](?:(?!: | #)[^\t])*(?<!\s)$/u;

/**
 * The shape MLflow writes almost always: one `key: value` per line with plain or single-quoted
 * scalars. Parsed directly (a run listing reads thousands of these); anything else, including
 * multi-line or double-quoted values, returns undefined and goes through the full YAML parser.
 */
function parseFlatMapping(text: string): YamlMap | undefined {
  const result: YamlMap = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = FLAT_LINE.exec(line);
    if (!match || Object.hasOwn(result, match[1])) return undefined;
    const raw = match[2];
    let value: YamlValue;
    if (raw === '[]') value = [];
    else if (raw === '{}') value = {};
    else if (raw.startsWith("'")) {
      if (!SINGLE_QUOTED.test(raw)) return undefined;
      value = raw.slice(1, -1).replaceAll("''", "'");
    } else if (SAFE_PLAIN.test(raw)) value = resolvePlainScalar(raw);
    else return undefined;
    result[match[1]] = value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Parses a meta.yaml text; an empty document is `undefined` (MLflow treats it as missing). */
export function parseMetaYaml(text: string, where = 'meta.yaml'): YamlMap | undefined {
  return parseFlatMapping(text) ?? parseYamlDocument(text, where);
}

/** The general path: any YAML document through the `yaml` package, resolved with PyYAML's rules. */
export function parseYamlDocument(text: string, where = 'meta.yaml'): YamlMap | undefined {
  const doc = parseDocument(text, { schema: 'failsafe', version: '1.1', uniqueKeys: false });
  if (doc.errors.length > 0) {
    throw new MlflowError('INTERNAL_ERROR', `Malformed ${where}: ${doc.errors[0].message}`);
  }
  const value = toValue(doc.contents, doc);
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MlflowError('INTERNAL_ERROR', `Malformed ${where}: expected a mapping at the top level`);
  }
  return value;
}

// Typed field access: MLflow's own readers are lenient about int/str drift between versions.

export function stringField(meta: YamlMap, key: string): string | undefined {
  const value = meta[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
}

export function numberField(meta: YamlMap, key: string): number | undefined {
  const value = meta[key];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function mapField(meta: YamlMap, key: string): YamlMap {
  const value = meta[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
