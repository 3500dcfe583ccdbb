// The largest log-batch body a client can send within MLflow's documented limits, so our size cap
// never refuses a batch mlflow accepts. (mlflow 3.18's own 1 MB check measures len() of the parsed
// dict, i.e. its number of keys, so in effect it has no byte cap at all.)
import { LIMITS } from '../store/validation.ts';

/**
 * Bytes one character may take in a JSON string: Python's json.dumps escapes every non-ASCII
 * character, and MLflow counts lengths in code points, so one astral character is two \uXXXX
 * escapes (12 bytes).
 */
export const MAX_BYTES_PER_CHARACTER = 12;
/** Ids (run_id, model_id) as mlflow validates them: up to 256 characters. */
const ID_LENGTH = 256;
/** Widest spellings of a double and an int64 in JSON. */
const DOUBLE_CHARS = '-1.7976931348623157e+308'.length;
const INT64_CHARS = '-9223372036854775808'.length;

// The framing of one entry as the mlflow client (requests' json.dumps: ", " and ": ") writes it.
const STRING_ENTRY = '{"key": "", "value": ""}, '.length;
const METRIC_ENTRY = '{"key": "", "value": , "timestamp": , "step": , "model_id": "", "dataset_name": "", "dataset_digest": "", "run_id": ""}, '.length
  + DOUBLE_CHARS + 2 * INT64_CHARS;
const ENVELOPE = '{"run_id": "", "metrics": [], "params": [], "tags": []}'.length + ID_LENGTH * MAX_BYTES_PER_CHARACTER;

const stringBytes = (chars: number) => chars * MAX_BYTES_PER_CHARACTER;

/** The worst case, every character escaped: about 30 MB for 100 params, 100 tags and 800 metrics. */
export function worstCaseLogBatchBytes(): number {
  const param = STRING_ENTRY + stringBytes(LIMITS.entityKeyLength + LIMITS.paramValueLength);
  const tag = STRING_ENTRY + stringBytes(LIMITS.entityKeyLength + LIMITS.tagValueLength);
  const metric = METRIC_ENTRY + stringBytes(LIMITS.entityKeyLength + 2 * ID_LENGTH + LIMITS.datasetNameLength + LIMITS.datasetDigestLength);
  // Params and tags are the costliest entities, so a full batch has as many as allowed and metrics fill the rest.
  const paramsAndTags = 2 * LIMITS.paramsTagsPerBatch;
  const metrics = Math.min(LIMITS.metricsPerBatch, LIMITS.entitiesPerBatch - paramsAndTags);
  return ENVELOPE + LIMITS.paramsTagsPerBatch * (param + tag) + metrics * metric;
}

/** The log-batch body cap: the worst case rounded up to whole MiB. */
export const LOG_BATCH_MAX_BYTES = Math.ceil(worstCaseLogBatchBytes() / 2 ** 20) * 2 ** 20;
