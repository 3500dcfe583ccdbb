// Non-finite doubles on MLflow's wire: protobuf JSON spells them as the strings "NaN", "Infinity"
// and "-Infinity"; hand-written clients may send Python's bare NaN literals, which we also accept.

const SENTINEL = '\u0000runlens-number:';
const LITERALS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Parses JSON that may hold bare NaN / Infinity / -Infinity outside strings. */
export function parseMlflowJson(text: string): unknown {
  if (!/NaN|Infinity/u.test(text)) return JSON.parse(text);
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    const literal = ['-Infinity', 'Infinity', 'NaN'].find((l) => text.startsWith(l, i));
    if (literal) {
      out += JSON.stringify(SENTINEL + literal);
      i += literal.length - 1;
    } else {
      out += ch;
    }
  }
  return JSON.parse(out, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(SENTINEL) ? LITERALS[value.slice(SENTINEL.length)] : value);
}

/** Serialises as protobuf JSON does: non-finite doubles become the strings "NaN", "Infinity", "-Infinity". */
export function stringifyMlflowJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return v;
  });
}
