// Reading a registry change's arguments: model name, version, reason, with MLflow's own checks
// turned into errors that name the field.
import { MlflowError } from '../shared/errors.ts';
import { parseModelVersion, validateModelName } from '../store/registryValidation.ts';
import { optionalString, requiredString, ToolInputError } from './toolInput.ts';

/** Runs one of MLflow's validators; its message becomes the field's problem. */
export function checked<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof MlflowError) throw new ToolInputError(field, error.message);
    throw error;
  }
}

export function modelName(raw: Record<string, unknown>, field = 'model'): string {
  const name = requiredString(raw, field, 1000);
  return checked(field, () => validateModelName(name, field));
}

/** A version given as "3" or 3. */
export function modelVersion(raw: Record<string, unknown>, field = 'version'): string {
  if (raw[field] === undefined || raw[field] === null || raw[field] === '') throw new ToolInputError(field, 'required');
  return String(checked(field, () => parseModelVersion(raw[field])));
}

/** Why, for the audit trail; the trail refuses a reason too long to record before anything changes. */
export function reason(raw: Record<string, unknown>): string | undefined {
  return optionalString(raw, 'reason', 2000)?.trim() || undefined;
}
