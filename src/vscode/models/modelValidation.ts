// The registry's own rules (src/store/registryValidation.ts), as the one-line problems input boxes
// show while the user types. No vscode import: unit-tested under plain Node.
import {
  validateAssignableAlias, validateModelName, validateModelVersionTag, validateRegisteredModelTag,
} from '../../store/registryValidation.ts';

function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** An alias a user may set: MLflow's characters and length, not `latest`, not `v<digits>`. */
export function aliasProblem(alias: string): string | undefined {
  return problemOf(() => validateAssignableAlias(alias));
}

export function modelNameProblem(name: string): string | undefined {
  return problemOf(() => validateModelName(name));
}

/** A tag of a registered model (`version` absent) or of a version. */
export function registryTagProblem(key: string, value: string, version?: string): string | undefined {
  const tag = { key, value };
  return problemOf(() => (version === undefined ? validateRegisteredModelTag(tag) : validateModelVersionTag(tag)));
}

/** The key alone, checked before its value is asked for. */
export function registryTagKeyProblem(key: string): string | undefined {
  return registryTagProblem(key, '');
}
