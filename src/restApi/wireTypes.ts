// MLflow's REST wire shapes: protobuf JSON with snake_case names; unset and empty repeated fields omitted.

export interface WireTag { key: string; value: string }

export interface WireExperiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  last_update_time?: number;
  creation_time?: number;
  tags?: WireTag[];
}

export interface WireMetric { key: string; value: number; timestamp: number; step: number; run_id?: string }

export interface WireRunInfo {
  run_uuid: string;
  run_id: string;
  experiment_id: string;
  run_name?: string;
  user_id?: string;
  status?: string;
  start_time?: number;
  end_time?: number;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface WireDataset { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string }
export interface WireDatasetInput { tags?: WireTag[]; dataset: WireDataset }

export interface WireRun {
  info: WireRunInfo;
  data: { metrics?: WireMetric[]; params?: WireTag[]; tags?: WireTag[] };
  inputs: { dataset_inputs?: WireDatasetInput[]; model_inputs?: { model_id: string }[] };
  outputs: { model_outputs?: { model_id: string; step: number }[] };
}

export interface WireModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  status_message?: string;
  tags?: WireTag[];
  run_link?: string;
  aliases?: string[];
  model_id?: string;
}

export interface WireRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  description?: string;
  latest_versions?: WireModelVersion[];
  tags?: WireTag[];
  aliases?: { alias: string; version: string }[];
}

export interface WireLoggedModelMetric extends WireMetric { model_id?: string; dataset_name?: string; dataset_digest?: string }

export interface WireLoggedModel {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    creation_timestamp_ms?: number;
    last_updated_timestamp_ms?: number;
    artifact_uri?: string;
    status?: string;
    model_type?: string;
    source_run_id?: string;
    status_message?: string;
    tags?: WireTag[];
  };
  data: { params?: WireTag[]; metrics?: WireLoggedModelMetric[] };
}

export interface WireFileInfo { path: string; is_dir: boolean; file_size?: number }

export interface WireError { error_code: string; message: string }
