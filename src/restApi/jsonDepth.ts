// A nesting-depth check run on a request body before it is parsed. JSON.parse copes with deep
// nesting, but everything recursive after it (revivers, JSON.stringify, field checks) overflows
// the stack; MLflow's requests nest at most a few levels, so anything deeper is refused up front.
import { MlflowError } from '../shared/errors.ts';

/** Deep enough for every MLflow request (log-batch, the deepest, nests 3 levels) with plenty to spare. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Throws INVALID_PARAMETER_VALUE when `text` nests arrays/objects deeper than `limit`. One pass,
 * no allocation; brackets inside strings do not count. Malformed JSON is left for JSON.parse.
 */
export function checkJsonDepth(text: string, limit = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limit) {
        throw MlflowError.invalidParameter(`Invalid request body: JSON nested more than ${limit} levels deep (at character ${i}).`);
      }
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    }
  }
}
