// A JSON request body from bytes to an object, with every hostile-input check in one place: strict
// UTF-8, nesting depth and value count, MLflow's bare NaN literals, lone surrogates. Pure and
// synchronous, so the server runs it inline for small bodies and in a worker for big ones.
import { MlflowError } from '../shared/errors.ts';
import { checkJsonDepth } from './jsonDepth.ts';
import { parseMlflowJson } from './mlflowJson.ts';

// A BOM is dropped (Python's json.loads of bytes does the same); anything not UTF-8 is refused
// rather than read with U+FFFD in place of the bad bytes, so two different names never collide.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as an object. mlflow 3.18 reads a body that is not UTF-8 as no body and answers
 * INVALID_PARAMETER_VALUE for the first missing field; we answer the same code, saying why.
 */
export function decodeRequestBody(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw MlflowError.invalidParameter('Invalid request body: it is not valid UTF-8.');
  }
  if (text.trim() === '') return {};
  checkJsonDepth(text);
  let body: unknown;
  try {
    body = parseMlflowJson(text);
  } catch (error) {
    // mlflow reads a body it cannot parse as empty and so answers INVALID_PARAMETER_VALUE (a
    // missing field); we refuse it outright, with that code.
    throw MlflowError.invalidParameter(`Malformed JSON request body: ${(error as Error).message}`);
  }
  const surrogateAt = loneSurrogateEscape(text);
  if (surrogateAt >= 0) {
    // mlflow 3.18's protobuf parser turns such a string into '' (a name is then refused, a value stored empty).
    throw MlflowError.invalidParameter(`Invalid request body: the escape ${text.slice(surrogateAt, surrogateAt + 6)} at character ${surrogateAt} is a lone UTF-16 surrogate, which is not text.`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw MlflowError.invalidParameter('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

const MAY_HOLD_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/u;

function hexAt(text: string, at: number): number {
  const hex = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/u.test(hex) ? parseInt(hex, 16) : -1;
}

/**
 * Where a `\uD800`–`\uDFFF` escape stands without its other half, or -1. Valid JSON only (every
 * backslash is then inside a string); text decoded from UTF-8 holds no raw lone surrogate.
 */
export function loneSurrogateEscape(text: string): number {
  if (!MAY_HOLD_SURROGATE_ESCAPE.test(text)) return -1;
  let highEndsAt = -1;
  let highAt = -1;
  for (let i = text.indexOf('\\'); i >= 0 && i < text.length; i = text.indexOf('\\', i)) {
    if (text.charCodeAt(i + 1) !== 0x75 /* u */) {
      i += 2;
      continue;
    }
    const unit = hexAt(text, i + 2);
    if (highEndsAt >= 0 && i !== highEndsAt) return highAt;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (highEndsAt === i) return highAt;
      highAt = i;
      highEndsAt = i + 6;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      if (highEndsAt !== i) return i;
      highEndsAt = -1;
    } else if (highEndsAt >= 0) {
      return highAt;
    }
    i += 6;
  }
  return highEndsAt >= 0 ? highAt : -1;
}
