// Registry folders of an mlruns tree: `models/<name>/` with meta.yaml, tags/, aliases/<alias>
// (content = version) and `version-<n>/` (meta.yaml + tags/). Deleted versions stay on disk with
// the internal stage `Deleted_Internal` and are invisible to every read.
import path from 'node:path';
import type { ModelVersion, ModelVersionStatus, RegisteredModel, RegisteredModelAlias, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { BoundedFs } from './boundedFs.ts';
import { numberField, stringField, type YamlMap } from './metaYaml.ts';

export const DELETED_STAGE = 'Deleted_Internal';
export const ALL_STAGES = ['None', 'Staging', 'Production', 'Archived'];
const VERSION_PREFIX = 'version-';

function toTags(values: Map<string, string>): Tag[] {
  return [...values].map(([key, value]) => ({ key, value }));
}

/** Registered model names become folder names: MLflow refuses separators, colons and `%`. */
export function validateModelName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') throw MlflowError.invalidParameter("Missing value for required parameter 'name'.");
  if (name.includes('/') || name.includes(':')) throw MlflowError.invalidParameter(`Invalid model name '${name}'. Names cannot contain '/' or ':'.`);
  if (name.includes('\\')) throw MlflowError.invalidParameter(`Invalid name: '${name}'. Registered model name cannot contain path separator`);
  if (name.includes('%')) throw MlflowError.invalidParameter(`Invalid name: '${name}'. Registered model name cannot contain '%' character`);
  if (name === '.' || name === '..') throw MlflowError.invalidParameter(`Invalid value "${name}" for parameter 'name' supplied.`);
}

/** Python's int(version): the version must be an integer. */
export function versionNumber(version: string | number): number {
  const text = String(version).trim();
  if (!/^[-+]?\d+$/u.test(text)) throw MlflowError.invalidParameter(`Parameter 'version' must be an integer, got '${version}'.`);
  return Number(text);
}

/** MLflow's canonical stage name for any casing; unknown stages are invalid. */
export function canonicalStage(stage: string): string {
  const found = ALL_STAGES.find((candidate) => candidate.toLowerCase() === stage.toLowerCase());
  if (!found) throw MlflowError.invalidParameter(`Invalid Model Version stage: ${stage}. Value must be one of ${ALL_STAGES.join(', ')}.`);
  return found;
}

function versionFromMeta(meta: YamlMap, dirName: string, tags: Tag[], aliases: string[]): ModelVersion {
  return {
    name: stringField(meta, 'name') ?? '',
    version: stringField(meta, 'version') ?? dirName.slice(VERSION_PREFIX.length),
    creationTimestamp: numberField(meta, 'creation_timestamp'),
    lastUpdatedTimestamp: numberField(meta, 'last_updated_timestamp'),
    userId: stringField(meta, 'user_id'),
    currentStage: stringField(meta, 'current_stage') ?? 'None',
    description: stringField(meta, 'description'),
    source: stringField(meta, 'source'),
    runId: stringField(meta, 'run_id'),
    status: (stringField(meta, 'status') ?? 'READY') as ModelVersionStatus,
    statusMessage: stringField(meta, 'status_message'),
    tags,
    runLink: stringField(meta, 'run_link'),
    aliases,
    modelId: stringField(meta, 'model_id'),
    storageLocation: stringField(meta, 'storage_location'),
  };
}

export class FileModelFolders {
  readonly modelsDir: string;
  private readonly fs: BoundedFs;

  constructor(modelsDir: string, fs: BoundedFs) {
    this.modelsDir = modelsDir;
    this.fs = fs;
  }

  modelDir(name: string): string {
    validateModelName(name);
    return path.join(this.modelsDir, name);
  }

  async names(): Promise<string[]> {
    return (await this.fs.listDir(this.modelsDir))?.dirs ?? [];
  }

  async requireModelDir(name: string): Promise<string> {
    const dir = this.modelDir(name);
    if (!(await this.fs.isDirectory(dir))) throw MlflowError.notFound(`Registered Model with name=${name} not found`);
    return dir;
  }

  async aliases(modelDir: string): Promise<RegisteredModelAlias[]> {
    const values = await this.fs.readKeyValueFolder(path.join(modelDir, 'aliases'));
    return [...values].map(([alias, version]) => ({ alias, version }));
  }

  /** Every version folder of a model, deleted ones included (callers drop them). */
  async versions(modelDir: string, aliases?: RegisteredModelAlias[]): Promise<ModelVersion[]> {
    const known = aliases ?? await this.aliases(modelDir);
    const listing = await this.fs.listDir(modelDir);
    const dirNames = (listing?.dirs ?? []).filter((name) => name.startsWith(VERSION_PREFIX));
    const versions = await Promise.all(dirNames.map((dirName) => this.readVersion(modelDir, dirName, known)));
    return versions.filter((version): version is ModelVersion => version !== undefined);
  }

  async readVersion(modelDir: string, dirName: string, aliases: RegisteredModelAlias[]): Promise<ModelVersion | undefined> {
    const dir = path.join(modelDir, dirName);
    const [meta, tags] = await Promise.all([this.fs.readMeta(dir), this.fs.readKeyValueFolder(path.join(dir, 'tags'))]);
    if (!meta) return undefined;
    const number = dirName.slice(VERSION_PREFIX.length);
    const names = aliases.filter((alias) => alias.version === number).map((alias) => alias.alias);
    return versionFromMeta(meta, dirName, toTags(tags), names);
  }

  /** One live version, or RESOURCE_DOES_NOT_EXIST (deleted versions included) as MLflow answers. */
  async liveVersion(name: string, version: string | number): Promise<ModelVersion> {
    validateModelName(name);
    const number = versionNumber(version);
    const modelDir = await this.requireModelDir(name);
    const found = await this.readVersion(modelDir, `${VERSION_PREFIX}${number}`, await this.aliases(modelDir));
    if (!found || found.currentStage === DELETED_STAGE) {
      throw MlflowError.notFound(`Model Version (name=${name}, version=${number}) not found`);
    }
    return found;
  }

  /** The highest live version per requested stage, in stage order. */
  latestVersions(versions: ModelVersion[], stages?: string[]): ModelVersion[] {
    const wanted = stages && stages.length > 0 ? [...new Set(stages.map(canonicalStage))] : ALL_STAGES;
    const best = new Map<string, ModelVersion>();
    for (const version of versions) {
      if (!wanted.includes(version.currentStage)) continue;
      const current = best.get(version.currentStage);
      if (!current || Number(current.version) < Number(version.version)) best.set(version.currentStage, version);
    }
    return wanted.filter((stage) => best.has(stage)).map((stage) => best.get(stage) as ModelVersion);
  }

  async registeredModel(modelDir: string): Promise<RegisteredModel | undefined> {
    const [meta, tags, aliases] = await Promise.all([
      this.fs.readMeta(modelDir),
      this.fs.readKeyValueFolder(path.join(modelDir, 'tags')),
      this.aliases(modelDir),
    ]);
    if (!meta) return undefined;
    const versions = await this.versions(modelDir, aliases);
    return {
      name: stringField(meta, 'name') ?? path.basename(modelDir),
      creationTimestamp: numberField(meta, 'creation_timestamp'),
      lastUpdatedTimestamp: numberField(meta, 'last_updated_timestamp'),
      userId: stringField(meta, 'user_id'),
      description: stringField(meta, 'description'),
      latestVersions: this.latestVersions(versions),
      tags: toTags(tags),
      aliases,
    };
  }
}
