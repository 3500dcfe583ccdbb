// The entity-independent part of MLflow's search grammar: `<identifier> <comparator> <value>`
// clauses joined by AND, and `<identifier> [ASC|DESC]` order_by terms. Which identifiers,
// comparators and values are allowed is decided per entity (runSearch.ts, experimentSearch.ts…).
import { MlflowError } from '../../shared/errors.ts';
import { isKeyword, tokenize, type Token } from './tokenizer.ts';

export type RawValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  /** An unquoted word where a value belongs: always an error, but the entity names it. */
  | { kind: 'bareword'; text: string }
  | { kind: 'list'; values: string[] }
  | { kind: 'none' };

export interface RawComparison {
  /** The identifier exactly as written, e.g. ``metrics.`f1 score` ``. */
  identifier: string;
  /** Upper-cased keyword comparators (`LIKE`, `NOT IN`, `IS NULL`), operators as written. */
  comparator: string;
  value: RawValue;
  /** The clause as written, for error messages. */
  text: string;
}

export interface RawOrderTerm {
  identifier: string;
  ascending: boolean;
}

/** Splits a filter into raw comparisons; only AND may join them, as in MLflow. */
export function parseComparisons(filter: string | undefined): RawComparison[] {
  if (filter === undefined || filter.trim() === '') return [];
  const tokens = tokenize(filter);
  const comparisons: RawComparison[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (isKeyword(token, 'AND')) {
      i++;
      continue;
    }
    if (token.kind === 'semicolon') {
      throw MlflowError.invalidParameter(`Search filter '${filter}' contains more than one statement (';'); join clauses with AND`);
    }
    if (token.kind !== 'word' || isReservedWord(token)) {
      throw MlflowError.invalidParameter(`Invalid clause at '${token.text}' in filter '${filter}': expected '<identifier> <comparator> <value>' clauses joined by AND`);
    }
    const parsed = parseComparison(filter, tokens, i);
    comparisons.push(parsed.comparison);
    i = parsed.next;
  }
  return comparisons;
}

const RESERVED = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE']);

function isReservedWord(token: Token): boolean {
  return RESERVED.has(token.text.toUpperCase());
}

function parseComparison(filter: string, tokens: Token[], start: number): { comparison: RawComparison; next: number } {
  const identifier = tokens[start];
  let i = start + 1;
  const clauseText = (end: number) => filter.slice(identifier.start, tokens[Math.min(end, tokens.length) - 1].end);
  const op = tokens[i];
  let comparator: string;
  if (op === undefined) {
    throw MlflowError.invalidParameter(`Invalid clause '${identifier.text}' in filter '${filter}': missing comparator and value`);
  } else if (op.kind === 'operator') {
    comparator = op.text;
    i++;
  } else if (isKeyword(op, 'LIKE') || isKeyword(op, 'ILIKE') || isKeyword(op, 'IN')) {
    comparator = op.text.toUpperCase();
    i++;
  } else if (isKeyword(op, 'NOT') && tokens[i + 1]?.kind === 'word') {
    comparator = `NOT ${tokens[i + 1].text.toUpperCase()}`;
    i += 2;
  } else if (isKeyword(op, 'IS') && isKeyword(tokens[i + 1], 'NULL')) {
    return { comparison: { identifier: identifier.text, comparator: 'IS NULL', value: { kind: 'none' }, text: clauseText(i + 2) }, next: i + 2 };
  } else if (isKeyword(op, 'IS') && isKeyword(tokens[i + 1], 'NOT') && isKeyword(tokens[i + 2], 'NULL')) {
    return { comparison: { identifier: identifier.text, comparator: 'IS NOT NULL', value: { kind: 'none' }, text: clauseText(i + 3) }, next: i + 3 };
  } else {
    throw MlflowError.invalidParameter(`Invalid clause '${clauseText(i + 1)}' in filter '${filter}': expected a comparator after '${identifier.text}', found '${op.text}'`);
  }
  const valueToken = tokens[i];
  if (valueToken === undefined || isKeyword(valueToken, 'AND')) {
    throw MlflowError.invalidParameter(`Invalid clause '${clauseText(i)}' in filter '${filter}': missing value after '${comparator}'`);
  }
  if (valueToken.kind === 'lparen') {
    if (comparator !== 'IN' && comparator !== 'NOT IN') {
      throw MlflowError.invalidParameter(`Invalid clause '${clauseText(i + 1)}' in filter '${filter}': a parenthesised list is only allowed after IN or NOT IN`);
    }
    const list = parseList(filter, tokens, i);
    return { comparison: { identifier: identifier.text, comparator, value: { kind: 'list', values: list.values }, text: clauseText(list.next) }, next: list.next };
  }
  if (comparator === 'IN' || comparator === 'NOT IN') {
    throw MlflowError.invalidParameter(`Invalid clause '${clauseText(i + 1)}' in filter '${filter}': ${comparator} needs a parenthesised list of quoted strings, found '${valueToken.text}'`);
  }
  const value = rawValue(valueToken);
  if (value === undefined) {
    throw MlflowError.invalidParameter(`Invalid value '${valueToken.text}' in clause '${clauseText(i + 1)}' of filter '${filter}'`);
  }
  return { comparison: { identifier: identifier.text, comparator, value, text: clauseText(i + 1) }, next: i + 1 };
}

function rawValue(token: Token): RawValue | undefined {
  if (token.kind === 'string') return { kind: 'string', value: token.value ?? '' };
  if (token.kind === 'number') return { kind: 'number', text: token.text };
  if (token.kind === 'word') {
    // MLflow takes a double-quoted value as a string too; a bare word is an unquoted value.
    return isQuotedWith(token.text, '"') ? { kind: 'string', value: token.text.slice(1, -1) } : { kind: 'bareword', text: token.text };
  }
  return undefined;
}

/** `( 'a', "b", )`: quoted strings only, at least one; adjacent strings join as in a Python literal. */
function parseList(filter: string, tokens: Token[], open: number): { values: string[]; next: number } {
  const values: string[] = [];
  let current: string | undefined;
  let i = open + 1;
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'rparen') break;
    if (token.kind === 'comma') {
      if (current === undefined) throw listError(filter, token.text);
      values.push(current);
      current = undefined;
    } else if (token.kind === 'string' || (token.kind === 'word' && isQuotedWith(token.text, '"'))) {
      current = (current ?? '') + unescapeListString(token.kind === 'string' ? token.value ?? '' : token.text.slice(1, -1));
    } else {
      throw listError(filter, token.text);
    }
  }
  if (i >= tokens.length) throw MlflowError.invalidParameter(`Unclosed '(' in filter '${filter}'`);
  if (current !== undefined) values.push(current);
  if (values.length === 0) {
    throw MlflowError.invalidParameter(`Empty list '()' in filter '${filter}': expected a non-empty list of quoted strings`);
  }
  return { values, next: i + 1 };
}

function listError(filter: string, found: string): MlflowError {
  return MlflowError.invalidParameter(`Invalid list element '${found}' in filter '${filter}': lists hold quoted strings separated by commas`);
}

/** List items are Python literals in MLflow, so backslash escapes are decoded there (only there). */
function unescapeListString(raw: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
  return raw.replace(/''/g, '').replace(/\\(.)/gu, (whole, ch: string) => simple[ch] ?? whole);
}

/** One order_by entry: `<identifier> [ASC|DESC]`. */
export function parseOrderTerm(term: string): RawOrderTerm {
  const tokens = tokenize(term);
  const [identifier, direction, ...rest] = tokens;
  if (identifier?.kind !== 'word' || isReservedWord(identifier) || rest.length > 0 || (direction && direction.kind !== 'word')) {
    throw MlflowError.invalidParameter(`Invalid order_by clause '${term}': expected '<identifier> [ASC|DESC]'`);
  }
  const order = direction?.text.toUpperCase();
  if (order !== undefined && order !== 'ASC' && order !== 'DESC') {
    throw MlflowError.invalidParameter(`Invalid ordering '${direction.text}' in order_by clause '${term}': expected ASC or DESC`);
  }
  return { identifier: identifier.text, ascending: order !== 'DESC' };
}

export function isQuotedWith(text: string, quote: string): boolean {
  return text.length >= 2 && text.startsWith(quote) && text.endsWith(quote);
}

/** MLflow's key clean-up: drop one pair of surrounding single/double quotes, then backticks. */
export function unquoteKey(key: string): string {
  const unquoted = isQuotedWith(key, "'") || isQuotedWith(key, '"') ? key.slice(1, -1) : key;
  return isQuotedWith(unquoted, '`') ? unquoted.slice(1, -1) : unquoted;
}

/** `metrics.a.b` → entity `metrics`, key `a.b`; no dot → no entity. Split on the raw text, as MLflow does. */
export function splitIdentifier(identifier: string): { entity?: string; key: string } {
  const dot = identifier.indexOf('.');
  return dot < 0 ? { key: identifier } : { entity: identifier.slice(0, dot), key: identifier.slice(dot + 1) };
}

export function requireComparator(clause: RawComparison, allowed: readonly string[], what: string): void {
  if (!allowed.includes(clause.comparator)) {
    throw MlflowError.invalidParameter(`Invalid comparator '${clause.comparator}' in clause "${clause.text}": ${what} supports ${allowed.join(', ')}`);
  }
}

/** A quoted string value, or an error naming the clause. */
export function requireString(clause: RawComparison, what: string): string {
  if (clause.value.kind === 'string') return clause.value.value;
  const found = clause.value.kind === 'number' || clause.value.kind === 'bareword' ? clause.value.text : clause.value.kind;
  throw MlflowError.invalidParameter(`Invalid value ${found} in clause "${clause.text}": ${what} needs a quoted string value (e.g. 'my-value')`);
}

export function requireNumber(clause: RawComparison, what: string): number {
  if (clause.value.kind === 'number') return Number(clause.value.text);
  const found = clause.value.kind === 'string' ? `'${clause.value.value}'` : clause.value.kind === 'bareword' ? clause.value.text : clause.value.kind;
  throw MlflowError.invalidParameter(`Invalid value ${found} in clause "${clause.text}": ${what} needs an unquoted number`);
}

/** The value of an attribute that takes a string or, with IN / NOT IN, a list. */
export function requireStringOrList(clause: RawComparison, what: string, listAllowed: boolean): string | string[] {
  if (clause.value.kind === 'list') {
    if (!listAllowed) {
      throw MlflowError.invalidParameter(`Invalid clause "${clause.text}": ${what} cannot be compared with a list`);
    }
    return clause.value.values;
  }
  return requireString(clause, what);
}
