// Lexer for MLflow search filters and order_by terms. It keeps each token's raw text because
// MLflow works on raw text: keys are split at their first dot and quotes are stripped afterwards.
import { boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';

export type TokenKind =
  /** A possibly dotted name whose segments may be quoted: `metrics.acc`, `tags."a b"`, `` `run name` ``, `"value"`. */
  | 'word'
  /** A single-quoted string; `text` keeps the quotes, `value` is the raw inside (no unescaping, as MLflow). */
  | 'string'
  | 'number'
  /** A run of comparison characters, validated later so errors can name it: `=`, `!=`, `~`, `==`. */
  | 'operator'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'semicolon'
  /** Anything else (`+`, `*`, `1abc`); the parser rejects it by name. */
  | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  /** For strings: the characters between the quotes. */
  value?: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}_$]/u;
const OPERATOR_CHAR = /[=!<>~]/;
// MLflow's numbers (via sqlparse): an optional minus, digits with an optional fraction or a bare
// fraction, and an exponent only as `E`/`e` with an optional minus.
const NUMBER = /^-?(?:\d+(?:\.\d+)?[eE]-?\d+|\d+\.\d*|\.\d+|\d+)/;

/**
 * mlflow parses filters with sqlparse, which refuses a statement of more than 10,000 lexer tokens
 * (MAX_GROUPING_TOKENS): "Error on parsing filter", e.g. an IN list of a few thousand values.
 * Its lexer makes a token of each whitespace character, each `.` of a dotted name and each value.
 */
export const SQLPARSE_MAX_TOKENS = 10_000;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let whitespaceTokens = 0;
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (/\s/u.test(ch)) {
      i++;
      whitespaceTokens++;
      continue;
    }
    if (whitespaceTokens + tokens.length + 1 > SQLPARSE_MAX_TOKENS) {
      throw MlflowError.invalidParameter(`Error on parsing filter '${boundedQuote(input)}': more than ${SQLPARSE_MAX_TOKENS} tokens`);
    }
    const start = i;
    if (ch === "'") {
      const end = scanQuoted(input, i, "'");
      tokens.push({ kind: 'string', text: input.slice(start, end), value: input.slice(start + 1, end - 1), start, end });
      i = end;
    } else if (startsNumber(input, i)) {
      i = scanNumberOrOther(input, i, tokens);
    } else if (ch === '"' || ch === '`' || WORD_CHAR.test(ch)) {
      i = scanWord(input, i);
      tokens.push({ kind: 'word', text: input.slice(start, i), start, end: i });
    } else if (OPERATOR_CHAR.test(ch)) {
      while (i < input.length && OPERATOR_CHAR.test(input[i])) i++;
      tokens.push({ kind: 'operator', text: input.slice(start, i), start, end: i });
    } else {
      const kind: TokenKind = ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : ch === ',' ? 'comma' : ch === ';' ? 'semicolon' : 'other';
      i++;
      tokens.push({ kind, text: ch, start, end: i });
    }
  }
  return tokens;
}

/** True when the word token is the bare keyword (case-insensitive), not a quoted or dotted name. */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === keyword;
}

function startsNumber(input: string, i: number): boolean {
  const rest = input.slice(i, i + 3);
  return /^(?:\d|\.\d|-\d|-\.\d)/.test(rest);
}

/** A number must not run straight into letters (`1and` is not `1 AND`): such a run is one bad token. */
function scanNumberOrOther(input: string, start: number, tokens: Token[]): number {
  const match = NUMBER.exec(input.slice(start));
  let end = start + (match ? match[0].length : 1);
  if (end < input.length && (WORD_CHAR.test(input[end]) || input[end] === '.')) {
    while (end < input.length && (WORD_CHAR.test(input[end]) || input[end] === '.')) end++;
    tokens.push({ kind: 'other', text: input.slice(start, end), start, end });
  } else {
    tokens.push({ kind: 'number', text: input.slice(start, end), start, end });
  }
  return end;
}

// sqlparse's single-quoted string, with its backtracking: `\'` stays inside the string unless the
// string can only end at that quote, so `'%\'` is the value `%\` (mlflow 3.18 measured).
const SINGLE_QUOTED = /'(?:''|\\'|[^'])*'/y;

/** Returns the index after the closing quote; a single-quoted string is lexed as sqlparse lexes it. */
function scanQuoted(input: string, start: number, quote: string): number {
  if (quote === "'") {
    SINGLE_QUOTED.lastIndex = start;
    if (SINGLE_QUOTED.exec(input)) return SINGLE_QUOTED.lastIndex;
  } else {
    const end = input.indexOf(quote, start + 1);
    if (end >= 0) return end + 1;
  }
  throw MlflowError.invalidParameter(`Unterminated quote ${quote} starting at position ${start} in '${input}'`);
}

/** One name segment, then further `.segment`s; after a dot a segment may also be single-quoted. */
function scanWord(input: string, start: number): number {
  let i = scanSegment(input, start, false);
  while (input[i] === '.') {
    const next = input[i + 1];
    if (next === undefined || !(next === '"' || next === '`' || next === "'" || WORD_CHAR.test(next))) {
      return i + 1; // a dangling dot stays in the word, so the key comes out empty and is rejected by name
    }
    i = scanSegment(input, i + 1, true);
  }
  return i;
}

function scanSegment(input: string, start: number, afterDot: boolean): number {
  const ch = input[start];
  if (ch === '"' || ch === '`' || (afterDot && ch === "'")) return scanQuoted(input, start, ch);
  let i = start;
  while (i < input.length && WORD_CHAR.test(input[i])) i++;
  return i;
}
