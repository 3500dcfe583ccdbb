// Numbers in strings as mlflow 3.18's server takes them: it hands a string field to Python's
// float(), so "0.5", " 1", "1_000", "inf" and "nan" are numbers there while "0x10", "0b1" and
// "1__0" are not. JavaScript's Number() disagrees both ways (it takes "0x10" as 16 and refuses
// "inf"), hence this grammar. Measured against the real server in test/conformance/serverHostileInput.test.ts.

const DIGITS = '[0-9](?:_?[0-9])*';
const DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`, 'u');
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/iu;

/**
 * What Python's float(text) gives, or undefined where it raises. Unicode digits other than
 * ASCII ("١"), which Python also takes, are refused: no client sends them.
 */
export function pythonFloat(text: string): number | undefined {
  // Python strips whitespace around the number; trim() strips the same ASCII and Unicode spaces.
  const trimmed = text.trim();
  const special = SPECIAL.exec(trimmed);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!DECIMAL.test(trimmed)) return undefined;
  return Number(trimmed.replaceAll('_', ''));
}

/**
 * An int64 field given as a string: mlflow reads it as a float and accepts it when that is a
 * finite whole number ("5", "+5", "1e3", "10e-1", but not "0.5", "NaN" or "1e400").
 */
export function pythonIntegralFloat(text: string): number | undefined {
  const value = pythonFloat(text);
  return value !== undefined && Number.isFinite(value) && Number.isInteger(value) ? value : undefined;
}
