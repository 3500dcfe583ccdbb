// Datasets a run used and logged models it read or wrote: MLflow's generic `inputs` edge table.
import { randomUUID } from 'node:crypto';
import type { DatasetInput, ModelInput, ModelOutput, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { LIMITS, exceedsLength } from '../validation.ts';
import { statement, type SqliteContext } from './sqliteContext.ts';

const hex = () => randomUUID().replaceAll('-', '');

export interface RunInputsByRun {
  datasets: Map<string, DatasetInput[]>;
  modelInputs: Map<string, ModelInput[]>;
  modelOutputs: Map<string, ModelOutput[]>;
}

interface DatasetEdgeRow {
  destination_id: string;
  input_uuid: string;
  name: string;
  digest: string;
  dataset_source_type: string;
  dataset_source: string;
  dataset_schema: string | null;
  dataset_profile: string | null;
}

function validateDatasetInput(input: DatasetInput, index: number): void {
  const path = `datasets[${index}]`;
  const dataset = input.dataset;
  if (!dataset) throw MlflowError.invalidParameter(`Missing value for required parameter '${path}.dataset'.`);
  for (const field of ['name', 'digest', 'sourceType', 'source'] as const) {
    if (typeof dataset[field] !== 'string') throw MlflowError.invalidParameter(`Missing value for required parameter '${path}.dataset.${field}'.`);
  }
  if (dataset.name.length > LIMITS.datasetNameLength) throw exceedsLength(`${path}.dataset.name`, LIMITS.datasetNameLength);
  if (dataset.digest.length > LIMITS.datasetDigestLength) throw exceedsLength(`${path}.dataset.digest`, LIMITS.datasetDigestLength);
  for (const [i, tag] of (input.tags ?? []).entries()) {
    if (!tag.key) throw MlflowError.invalidParameter(`Missing value for required parameter '${path}.tags[${i}].key'.`);
    if (tag.key.length > LIMITS.inputTagKeyLength) throw exceedsLength(`${path}.tags[${i}].key`, LIMITS.inputTagKeyLength);
    if ((tag.value ?? '').length > LIMITS.inputTagValueLength) throw exceedsLength(`${path}.tags[${i}].value`, LIMITS.inputTagValueLength);
  }
}

export class SqliteRunInputs {
  private readonly ctx: SqliteContext;

  constructor(ctx: SqliteContext) {
    this.ctx = ctx;
  }

  validate(datasets: DatasetInput[]): void {
    datasets.forEach(validateDatasetInput);
  }

  /** Inside a write transaction: datasets are shared per experiment (name, digest); edges are not repeated. */
  writeInputs(experimentId: number, runId: string, datasets: DatasetInput[], models: ModelInput[]): void {
    const seen = new Set<string>();
    for (const input of datasets) {
      const { name, digest } = input.dataset;
      if (seen.has(`${name}\u0000${digest}`)) continue;
      seen.add(`${name}\u0000${digest}`);
      const existing = statement(this.ctx, 'SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND digest = ?')
        .get(experimentId, name, digest) as { dataset_uuid: string } | undefined;
      const datasetUuid = existing?.dataset_uuid ?? hex();
      if (!existing) {
        statement(this.ctx, 'INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(datasetUuid, experimentId, name, digest, input.dataset.sourceType, input.dataset.source, input.dataset.schema ?? null, input.dataset.profile ?? null);
      }
      const edge = statement(this.ctx, "SELECT input_uuid FROM inputs WHERE source_type = 'DATASET' AND source_id = ? AND destination_type = 'RUN' AND destination_id = ?").get(datasetUuid, runId);
      if (edge) continue;
      const inputUuid = hex();
      statement(this.ctx, "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'DATASET', ?, 'RUN', ?)").run(inputUuid, datasetUuid, runId);
      const insertTag = statement(this.ctx, 'INSERT OR REPLACE INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?)');
      for (const tag of input.tags ?? []) insertTag.run(inputUuid, tag.key, tag.value);
    }
    for (const model of models) {
      statement(this.ctx, "INSERT OR REPLACE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id) VALUES (?, 'RUN_INPUT', ?, 'MODEL_INPUT', ?)").run(hex(), runId, model.modelId);
    }
  }

  writeOutputs(runId: string, models: ModelOutput[]): void {
    for (const model of models) {
      statement(this.ctx, "INSERT OR REPLACE INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (?, 'RUN_OUTPUT', ?, 'MODEL_OUTPUT', ?, ?)")
        .run(hex(), runId, model.modelId, model.step ?? 0);
    }
  }

  forRuns(runIds: string[]): RunInputsByRun {
    const result: RunInputsByRun = { datasets: new Map(), modelInputs: new Map(), modelOutputs: new Map() };
    if (runIds.length === 0) return result;
    const marks = runIds.map(() => '?').join(',');
    const edges = this.ctx.db.prepare(
      `SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type, d.dataset_source, d.dataset_schema, d.dataset_profile
       FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
       WHERE i.source_type = 'DATASET' AND i.destination_type = 'RUN' AND i.destination_id IN (${marks})`,
    ).all(...runIds) as DatasetEdgeRow[];
    const tagsByInput = new Map<string, Tag[]>();
    if (edges.length > 0) {
      const inputIds = edges.map((e) => e.input_uuid);
      const rows = this.ctx.db.prepare(`SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN (${inputIds.map(() => '?').join(',')}) ORDER BY name`)
        .all(...inputIds) as { input_uuid: string; name: string; value: string }[];
      for (const row of rows) push(tagsByInput, row.input_uuid, { key: row.name, value: row.value });
    }
    for (const edge of edges) {
      push(result.datasets, edge.destination_id, {
        tags: tagsByInput.get(edge.input_uuid) ?? [],
        dataset: {
          name: edge.name, digest: edge.digest, sourceType: edge.dataset_source_type, source: edge.dataset_source,
          schema: edge.dataset_schema ?? undefined, profile: edge.dataset_profile ?? undefined,
        },
      });
    }
    const modelEdges = this.ctx.db.prepare(
      `SELECT source_type, source_id, destination_id, step FROM inputs WHERE source_type IN ('RUN_INPUT', 'RUN_OUTPUT') AND source_id IN (${marks})`,
    ).all(...runIds) as { source_type: string; source_id: string; destination_id: string; step: number | null }[];
    for (const edge of modelEdges) {
      if (edge.source_type === 'RUN_INPUT') push(result.modelInputs, edge.source_id, { modelId: edge.destination_id });
      else push(result.modelOutputs, edge.source_id, { modelId: edge.destination_id, step: edge.step ?? 0 });
    }
    return result;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
