// Every registry change RunLens makes goes through here, so each one lands in the audit trail
// with the local user (as mlflow's `mlflow.user` is for runs) and the reason the user gave.
import os from 'node:os';
import { auditedRegistry } from '../../store/audit/auditedRegistry.ts';
import type { ModelRegistryStore } from '../../store/modelRegistryStore.ts';
import type { OpenedStore } from '../../store/openStore.ts';

/** The name mlflow records as a run's user (getpass.getuser()). */
export function localUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? '';
  }
}

export function registryWriter(store: OpenedStore, reason?: string): ModelRegistryStore {
  return auditedRegistry(store.registry, { user: localUserName(), reason: reason?.trim() || undefined });
}
