// What every REST handler gets: the stores, the artifact settings and typed request accessors.
import { boundedJson } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { Tag } from '../../shared/entities.ts';
import type { CloudArtifactRepository } from '../../store/artifacts/cloud/cloudArtifactRepository.ts';
import type { CloudEnvironment } from '../../store/artifacts/cloud/objectStore.ts';
import type { ModelRegistryStore } from '../../store/modelRegistryStore.ts';
import type { TrackingStore } from '../../store/trackingStore.ts';
import { missing } from '../../restApi/fields.ts';
import type { ChangeEvent } from '../changeEvents.ts';

export interface HandlerContext {
  tracking: TrackingStore;
  registry: ModelRegistryStore;
  /** Folder behind mlflow-artifacts:/ when the server proxies artifacts to local disk. */
  artifactsDestination?: string;
  /** The bucket prefix behind mlflow-artifacts:/ when --artifacts-destination is s3://, gs:// or wasbs://. */
  cloudArtifactsDestination?: CloudArtifactRepository;
  /** What cloud artifact roots authenticate with (the server's environment). */
  cloudEnv?: CloudEnvironment;
  serveArtifacts: boolean;
  /** What server-info reports: MLflow's names for the backend kind. */
  storeType: 'SqlStore' | 'FileStore';
  /** Local folders artifact URIs may point into (artifact destination, default artifact root). */
  allowedArtifactRoots: string[];
}

export type Request = Record<string, unknown>;

/** A handler answers the wire response and, for writes, the change it made. */
export interface HandlerResult {
  body: object;
  change?: ChangeEvent;
}

export type Handler = (request: Request, ctx: HandlerContext) => Promise<HandlerResult>;

export const ok = (body: object = {}, change?: ChangeEvent): HandlerResult => ({ body, change });

export function str(request: Request, field: string): string | undefined {
  const value = request[field];
  return value === undefined || value === null ? undefined : String(value);
}

export function requiredStr(request: Request, field: string): string {
  const value = str(request, field);
  if (value === undefined || value === '') throw missing(field);
  return value;
}

/** run_id, or the legacy run_uuid older clients send. */
export function runIdOf(request: Request): string {
  const runId = str(request, 'run_id') || str(request, 'run_uuid');
  if (!runId) throw missing('run_id');
  return runId;
}

export function int(request: Request, field: string): number | undefined {
  const value = request[field];
  return typeof value === 'number' ? value : undefined;
}

/** `[{key, value}]` lists; each entry needs a string key. */
export function tagList(request: Request, field: string): Tag[] {
  const list = (request[field] as Record<string, unknown>[] | undefined) ?? [];
  return list.map((entry, i) => {
    if (typeof entry.key !== 'string') throw missing(`${field}[${i}].key`);
    if (entry.value !== undefined && entry.value !== null && typeof entry.value !== 'string') {
      throw MlflowError.invalidParameter(`Invalid value ${boundedJson(entry.value)} for parameter '${field}[${i}].value' supplied: expected a string.`);
    }
    return { key: entry.key, value: (entry.value as string | undefined) ?? '' };
  });
}
