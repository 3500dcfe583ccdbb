// Checks for what a webview page posts to its host. A page is our code, but what arrives is
// untyped data from another process: the host trusts a message only after its guard accepted it.

export type Guard<T> = (value: unknown) => value is T;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isNumber = (value: unknown): value is number => typeof value === 'number';
export const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

export function isArrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (value: unknown): value is T[] => Array.isArray(value) && value.every((item) => guard(item));
}

export const isStringArray = isArrayOf(isString);

export function isOneOf<T extends string>(values: readonly T[]): Guard<T> {
  return (value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** A field that may be absent (or undefined) but, when present, passes `guard`. */
export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value: unknown): value is T | undefined => value === undefined || guard(value);
}

/**
 * A guard for a message union keyed by `type`: one field check per kind. A message of an unknown
 * kind, or with a field its kind's check refuses, is not accepted.
 */
export function messageGuard<M extends { type: string }>(kinds: { [K in M['type']]: Record<string, (value: unknown) => boolean> }): Guard<M> {
  return (value: unknown): value is M => {
    if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(kinds, value.type)) return false;
    const fields = kinds[value.type as M['type']];
    return Object.entries(fields).every(([name, check]) => check(value[name]));
  };
}
