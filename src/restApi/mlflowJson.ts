// Non-finite doubles on MLflow's wire: protobuf JSON spells them as the strings "NaN", "Infinity"
// and "-Infinity"; hand-written clients may send Python's bare NaN literals, which we also accept.

const CHAR_QUOTE = 0x22;
const CHAR_BACKSLASH = 0x5c;
const CHAR_N = 0x4e;
const CHAR_I = 0x49;
const CHAR_MINUS = 0x2d;
/** Parts joined into one string every so often, so a body of many literals holds few small strings. */
const JOIN_EVERY = 4096;

/** Where a value may start: a bare literal anywhere else is left for JSON.parse to refuse. */
function startsValue(previous: number): boolean {
  return previous === 0 || previous === 0x3a /* : */ || previous === 0x2c /* , */ || previous === 0x5b /* [ */;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Parses JSON that may hold bare NaN / Infinity / -Infinity outside strings, in linear time: one
 * scan rewrites ±Infinity as 1e999 / -1e999 (which JSON.parse reads as ±Infinity) and NaN as a
 * string no client can guess, which a walk after parsing turns back into NaN (a reviver is ~20x
 * slower on a body of millions of values).
 */
export function parseMlflowJson(text: string): unknown {
  if (!text.includes('NaN') && !text.includes('Infinity')) return JSON.parse(text);
  const nanMarker = `\u0000NaN:${crypto.randomUUID()}`;
  const nanToken = JSON.stringify(nanMarker);
  const joined: string[] = [];
  let parts: string[] = [];
  let copiedUpTo = 0;
  let nans = 0;
  let previous = 0;
  let inString = false;
  const replace = (start: number, length: number, token: string) => {
    parts.push(text.slice(copiedUpTo, start), token);
    copiedUpTo = start + length;
    if (parts.length >= JOIN_EVERY) {
      joined.push(parts.join(''));
      parts = [];
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === CHAR_BACKSLASH) i++;
      else if (c === CHAR_QUOTE) inString = false;
      continue;
    }
    if (c === CHAR_QUOTE) {
      inString = true;
    } else if (c === CHAR_N && startsValue(previous) && text.startsWith('NaN', i)) {
      replace(i, 3, nanToken);
      nans++;
      i += 2;
    } else if (c === CHAR_I && startsValue(previous) && text.startsWith('Infinity', i)) {
      replace(i, 8, '1e999');
      i += 7;
    } else if (c === CHAR_MINUS && startsValue(previous) && text.startsWith('-Infinity', i)) {
      replace(i, 9, '-1e999');
      i += 8;
    }
    if (!isSpace(c)) previous = c;
  }
  if (copiedUpTo === 0) return JSON.parse(text);
  parts.push(text.slice(copiedUpTo));
  joined.push(parts.join(''));
  const value: unknown = JSON.parse(joined.length === 1 ? joined[0] : joined.join(''));
  return nans > 0 ? restoreNaN(value, nanMarker) : value;
}

/** Puts NaN back where the marker stands, without recursion (responses are not depth-checked). */
function restoreNaN(root: unknown, marker: string): unknown {
  if (root === marker) return NaN;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (child === marker) node[i] = NaN;
        else if (child !== null && typeof child === 'object') stack.push(child);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child === marker) record[key] = NaN;
      else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return root;
}

/** Serialises as protobuf JSON does: non-finite doubles become the strings "NaN", "Infinity", "-Infinity". */
export function stringifyMlflowJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v;
  });
}
