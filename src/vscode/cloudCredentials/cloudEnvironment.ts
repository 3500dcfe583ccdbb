// The environment cloud artifact roots (s3://, gs://, wasbs://) are read with: the extension
// host's process.env, overlaid by the non-secret variables of the `runlens.artifacts.environment`
// setting, overlaid by the credentials kept in SecretStorage. The same variables MLflow's Python
// repositories read, so a laptop that runs `mlflow` needs nothing new. No vscode import.
import { createHash } from 'node:crypto';
import type { CloudEnvironment } from '../../store/artifacts/cloud/objectStore.ts';

export type CloudCredentialProvider = 's3' | 'azure';

/** Credentials as SecretStorage keeps them: MLflow's variable names → values, per provider. */
export type StoredCloudSecrets = Partial<Record<CloudCredentialProvider, Record<string, string>>>;

// Variables MLflow's S3, GCS and Azure repositories (and their SDKs) read; the setting takes only these.
const CLOUD_VARIABLE = /^(AWS_[A-Z0-9_]+|MLFLOW_S3_[A-Z0-9_]+|MLFLOW_GCS_[A-Z0-9_]+|GOOGLE_[A-Z0-9_]+|GCLOUD_[A-Z0-9_]+|CLOUDSDK_[A-Z0-9_]+|STORAGE_EMULATOR_HOST|AZURE_[A-Z0-9_]+|MLFLOW_AZURE_[A-Z0-9_]+|HTTPS?_PROXY|NO_PROXY)$/u;

// Names whose value is a credential: never read from settings, never shown. Broad on purpose:
// a key id travels with its secret, and a new SDK variable named *_TOKEN is a secret too.
const SECRET_VARIABLE = /(SECRET|TOKEN|PASSWORD|PASSPHRASE|ACCESS_KEY|CONNECTION_STRING|SAS|CREDENTIALS_JSON|PRIVATE_KEY)/u;

/** The variables each provider's stored credentials replace, so a stored key never mixes with another identity's token or profile. */
export const PROVIDER_CREDENTIAL_VARIABLES: Record<CloudCredentialProvider, readonly string[]> = {
  s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'],
  azure: ['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_ACCESS_KEY'],
};

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name.toUpperCase());
}

export function isCloudVariable(name: string): boolean {
  return CLOUD_VARIABLE.test(name);
}

export type VariableSource = 'environment' | 'settings' | 'secret storage';

export interface ComposedCloudEnvironment {
  /** Everything the vendor SDKs read: process.env with RunLens's values on top. */
  env: CloudEnvironment;
  /** Only what RunLens changed (undefined = removed), for a launched process's environment. */
  overlay: Record<string, string | undefined>;
  /** Where each cloud variable that is set came from. */
  sources: Record<string, VariableSource>;
  /** Setting entries refused because they name a credential (their values are never read). */
  refusedSecrets: string[];
  /** Setting entries ignored: not a variable MLflow's artifact repositories read, or not a string. */
  ignored: string[];
}

/**
 * process.env + the setting's object + stored secrets → the environment. The setting is user
 * input from a JSON file, so anything but a string value under a known, non-secret name is left out.
 */
export function composeCloudEnvironment(processEnv: Readonly<Record<string, string | undefined>>, setting: unknown, secrets: StoredCloudSecrets): ComposedCloudEnvironment {
  const overlay: Record<string, string | undefined> = {};
  const sources: Record<string, VariableSource> = {};
  const refusedSecrets: string[] = [];
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(processEnv)) if (value !== undefined && isCloudVariable(name)) sources[name] = 'environment';

  const entries = setting && typeof setting === 'object' && !Array.isArray(setting) ? Object.entries(setting as Record<string, unknown>) : [];
  for (const [name, value] of entries) {
    if (isSecretVariable(name)) refusedSecrets.push(name);
    else if (!isCloudVariable(name) || typeof value !== 'string') ignored.push(name);
    else {
      overlay[name] = value;
      sources[name] = 'settings';
    }
  }

  for (const provider of Object.keys(PROVIDER_CREDENTIAL_VARIABLES) as CloudCredentialProvider[]) {
    const stored = secrets[provider];
    if (!stored || Object.keys(stored).length === 0) continue;
    for (const name of PROVIDER_CREDENTIAL_VARIABLES[provider]) {
      overlay[name] = undefined;
      delete sources[name];
    }
    for (const [name, value] of Object.entries(stored)) {
      if (!PROVIDER_CREDENTIAL_VARIABLES[provider].includes(name) || !value) continue;
      overlay[name] = value;
      sources[name] = 'secret storage';
    }
  }

  const env: Record<string, string | undefined> = { ...processEnv };
  for (const [name, value] of Object.entries(overlay)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return { env, overlay, sources, refusedSecrets: refusedSecrets.sort(), ignored: ignored.sort() };
}

/** A value as logs may show it: a URL without user:password@, query or fragment. */
function shownValue(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//iu.test(value)) return value;
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(a URL)';
  }
}

/**
 * One line per cloud variable that is set, for the log: names, sources, and the values of
 * non-secret variables only; a credential is "set", never shown.
 */
export function describeCloudEnvironment(composed: ComposedCloudEnvironment): string[] {
  return Object.keys(composed.sources).sort().map((name) => {
    const value = composed.env[name] ?? '';
    const shown = isSecretVariable(name) ? 'set' : `= ${shownValue(value)}`;
    return `${name} ${shown} (${composed.sources[name]})`;
  });
}

/** The warning for setting entries that were left out; undefined when there are none. */
export function settingProblems(composed: ComposedCloudEnvironment): string | undefined {
  const parts: string[] = [];
  if (composed.refusedSecrets.length > 0) {
    parts.push(`${composed.refusedSecrets.join(', ')} ${composed.refusedSecrets.length === 1 ? 'is a credential' : 'are credentials'}: RunLens does not read credentials from settings files. Remove ${composed.refusedSecrets.length === 1 ? 'it' : 'them'} from runlens.artifacts.environment and run 'RunLens: Set Artifact Store Credentials…' (kept in VS Code's secret storage), or set ${composed.refusedSecrets.length === 1 ? 'it' : 'them'} in the environment VS Code starts from.`);
  }
  if (composed.ignored.length > 0) {
    parts.push(`${composed.ignored.join(', ')} in runlens.artifacts.environment ${composed.ignored.length === 1 ? 'is' : 'are'} ignored: only string values of the variables MLflow's artifact repositories read (AWS_*, MLFLOW_S3_*, GOOGLE_*, STORAGE_EMULATOR_HOST, AZURE_*, …) are used.`);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Changes when anything RunLens adds or removes changes; hashed so no secret sits in a comparable string. */
export function overlayFingerprint(composed: ComposedCloudEnvironment): string {
  const lines = Object.keys(composed.overlay).sort().map((name) => `${name}\u0000${composed.overlay[name] ?? '\u0001'}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
