// Reading an agent's arguments: each reader names the field it refuses, so the model can correct
// the call. Agents send strings for numbers and the like; only what is unambiguous is accepted.

export class ToolInputError extends Error {
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
    this.name = 'ToolInputError';
  }
}

export function optionalString(raw: Record<string, unknown>, field: string, maxLength = 1000): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ToolInputError(field, `expected a string, got ${typeof value}`);
  if (value.length > maxLength) throw new ToolInputError(field, `longer than ${maxLength} characters`);
  return value;
}

export function requiredString(raw: Record<string, unknown>, field: string, maxLength = 1000): string {
  const value = optionalString(raw, field, maxLength);
  if (value === undefined || !value.trim()) throw new ToolInputError(field, 'required');
  return value;
}

/** An integer in [min, max]; `fallback` when absent. */
export function optionalInteger(raw: Record<string, unknown>, field: string, min: number, max: number, fallback: number): number {
  const value = raw[field];
  if (value === undefined || value === null || value === '') return fallback;
  const number = typeof value === 'string' && /^-?\d+$/u.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw new ToolInputError(field, 'expected an integer');
  if (number < min || number > max) throw new ToolInputError(field, `must be between ${min} and ${max}`);
  return number;
}

export function optionalBoolean(raw: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const value = raw[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new ToolInputError(field, 'expected true or false');
  return value;
}

/** A list of strings (a single string counts as a list of one), at most `maxItems`. */
export function stringList(raw: Record<string, unknown>, field: string, maxItems: number, required = false): string[] {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (required) throw new ToolInputError(field, 'required');
    return [];
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) throw new ToolInputError(field, 'expected a list of strings');
  if (list.length > maxItems) throw new ToolInputError(field, `at most ${maxItems} items`);
  if (required && list.length === 0) throw new ToolInputError(field, 'required');
  return list;
}

/** Refuses fields the schema does not have: a misspelt field must not be silently ignored. */
export function onlyFields(raw: Record<string, unknown>, fields: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!fields.includes(key)) throw new ToolInputError(key, `unknown field; expected one of ${fields.join(', ')}`);
  }
}

/** Distinct run ids, trimmed, between `min` and `max` of them. */
export function runIdList(raw: Record<string, unknown>, field: string, min: number, max: number): string[] {
  const ids = [...new Set(stringList(raw, field, max, true).map((id) => id.trim()))];
  if (ids.some((id) => !id)) throw new ToolInputError(field, 'an empty run id');
  if (ids.length < min) throw new ToolInputError(field, `at least ${min} different run ids`);
  return ids;
}

/** The metric keys an agent says are better higher or lower than their names suggest; a key in both is refused. */
export function directionOverrides(raw: Record<string, unknown>, maxItems: number): { higherIsBetter: string[]; lowerIsBetter: string[] } {
  const higherIsBetter = stringList(raw, 'higherIsBetter', maxItems);
  const lowerIsBetter = stringList(raw, 'lowerIsBetter', maxItems);
  const both = higherIsBetter.find((key) => lowerIsBetter.includes(key));
  if (both !== undefined) throw new ToolInputError('lowerIsBetter', `'${both}' is also in higherIsBetter`);
  return { higherIsBetter, lowerIsBetter };
}
