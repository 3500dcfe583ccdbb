// How registered models and versions read in the Models view and in `models:/` URIs. No vscode
// import: unit-tested under plain Node.
import type { ModelVersion, RegisteredModel, RegisteredModelAlias } from '../shared/entities.ts';
import { parseModelsUri } from '../store/artifacts/modelUris.ts';
export { versionsFilter } from '../store/search/registrySearch.ts';

/** `models:/<name>/<version>`, as MLflow writes a version's URI. */
export function versionUri(name: string, version: string): string {
  return `models:/${name}/${version}`;
}

/** `models:/<name>@<alias>`: follows the alias when it moves to another version. */
export function aliasUri(name: string, alias: string): string {
  return `models:/${name}@${alias}`;
}

export interface UriChoice {
  uri: string;
  form: 'alias' | 'version';
}

/** The URIs a version answers to: one per alias (they follow the alias), then the fixed version URI. */
export function uriChoices(name: string, version: string, aliases: readonly string[]): UriChoice[] {
  return [
    ...aliases.map((alias): UriChoice => ({ uri: aliasUri(name, alias), form: 'alias' })),
    { uri: versionUri(name, version), form: 'version' },
  ];
}

/** The aliases a registered model points at `version`, sorted. */
export function aliasesOf(aliases: readonly RegisteredModelAlias[], version: string): string[] {
  return aliases.filter((a) => a.version === version).map((a) => a.alias).sort();
}


/** Highest version first, numerically. */
export function newestVersionsFirst(versions: readonly ModelVersion[]): ModelVersion[] {
  return [...versions].sort((a, b) => Number(b.version) - Number(a.version));
}

/** `modelVersion.production` etc.: package.json menus match `^modelVersion`. */
export function versionContextValue(stage: string): string {
  return `modelVersion.${(stage || 'None').toLowerCase()}`;
}

/** `Production · @champion @prod`; the stage is left out when it is None. */
export function versionDescription(stage: string, aliases: readonly string[]): string {
  const parts = [stage && stage !== 'None' ? stage : '', aliases.map((a) => `@${a}`).join(' ')].filter(Boolean);
  return parts.join(' · ');
}

/** The highest version of a registered model that the registry reported, if any. */
export function latestVersionNumber(model: RegisteredModel): string | undefined {
  const numbers = model.latestVersions.map((v) => Number(v.version)).filter((n) => Number.isFinite(n));
  return numbers.length > 0 ? String(Math.max(...numbers)) : undefined;
}

/** `v2 · @champion→1`: the latest version and where each alias points. */
export function modelDescription(model: RegisteredModel): string {
  const latest = latestVersionNumber(model);
  const aliases = [...model.aliases].sort((a, b) => (a.alias < b.alias ? -1 : 1)).map((a) => `@${a.alias}→${a.version}`);
  return [latest ? `v${latest}` : 'no versions', ...aliases].join(' · ');
}

/** Codicon id per stage. */
export function stageIconId(stage: string): string {
  switch (stage) {
    case 'Production':
      return 'rocket';
    case 'Staging':
      return 'beaker';
    case 'Archived':
      return 'archive';
    default:
      return 'versions';
  }
}

/** The MLflow 3 logged model a version was registered from (its model_id, or a `models:/m-…` source). */
export function loggedModelIdOf(version: Pick<ModelVersion, 'modelId' | 'source'>): string | undefined {
  if (version.modelId) return version.modelId;
  if (!version.source || !/^models:/iu.test(version.source)) return undefined;
  try {
    const parsed = parseModelsUri(version.source);
    return parsed.target.kind === 'loggedModel' && parsed.artifactPath === '' ? parsed.target.modelId : undefined;
  } catch {
    return undefined;
  }
}
