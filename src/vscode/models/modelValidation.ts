// The registry's own rules (src/store/registryValidation.ts), as the one-line problems input boxes
// show while the user types. No vscode import: unit-tested under plain Node.
import {
  validateAssignableAlias, validateModelName, validateModelVersionTag, validateRegisteredModelTag,
} from '../../store/registryValidation.ts';
import { AUDIT_TAG_PREFIX, isAuditTagKey } from '../../store/audit/auditEvent.ts';

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

/** The key alone, checked before its value is asked for; the audit trail's keys are not the user's to set. */
export function registryTagKeyProblem(key: string): string | undefined {
  if (isAuditTagKey(key)) return `Keys starting with ${AUDIT_TAG_PREFIX} hold the audit trail, which RunLens only appends to.`;
  return registryTagProblem(key, '');
}
