// Shape limits checked on a request body before it is parsed. JSON.parse copes with deep nesting,
// but everything recursive after it (JSON.stringify, field checks) overflows the stack; and a body
// of millions of tiny values costs far more to parse and hand between threads than its bytes
// suggest. MLflow's requests nest a few levels and hold at most a few thousand values (a full
// log-batch: 1,000 entities of a few fields each), so anything far past that is refused up front.
import { MlflowError } from '../shared/errors.ts';

/** Deep enough for every MLflow request (log-batch, the deepest, nests 3 levels) with plenty to spare. */
export const MAX_JSON_DEPTH = 64;
/** Values (array elements, object members) in one body: 20x a full log-batch with every metric field set. */
export const MAX_JSON_ITEMS = 200_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;

/**
 * Throws INVALID_PARAMETER_VALUE when `text` nests arrays/objects deeper than `limit`, or holds
 * more than `maxItems` values (counted as containers and commas). One pass, no allocation;
 * brackets and commas inside strings do not count. Malformed JSON is left for JSON.parse.
 */
export function checkJsonDepth(text: string, limit = MAX_JSON_DEPTH, maxItems = MAX_JSON_ITEMS): void {
  let depth = 0;
  let items = 0;
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
      if (++items > maxItems) throw tooManyItems(maxItems, i);
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      depth--;
    } else if (c === COMMA && ++items > maxItems) {
      throw tooManyItems(maxItems, i);
    }
  }
}

function tooManyItems(maxItems: number, at: number): MlflowError {
  return MlflowError.invalidParameter(`Invalid request body: more than ${maxItems} JSON values (at character ${at}); MLflow requests hold far fewer.`);
}
