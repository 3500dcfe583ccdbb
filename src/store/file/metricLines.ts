// Metric files of an mlruns run: one `<timestamp> <value> [<step> [<dataset name> <digest>]]` line
// per logged point, appended in logging order. Python writes NaN and infinities as nan/inf/-inf.
import type { Metric } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';

const PY_INT = /^[-+]?\d+(?:_\d+)*$/u;
const PY_DECIMAL = /^[-+]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][-+]?\d+(?:_\d+)*)?$/u;
const PY_SPECIAL = /^([-+]?)(nan|inf|infinity)$/iu;

/** Python's `float(text)` for the forms a metric file can hold; undefined when Python would raise. */
export function parsePythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  const special = PY_SPECIAL.exec(trimmed);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!PY_DECIMAL.test(trimmed)) return undefined;
  return Number(trimmed.replaceAll('_', ''));
}

function parsePythonInt(text: string): number | undefined {
  const trimmed = text.trim();
  return PY_INT.test(trimmed) ? Number(trimmed.replaceAll('_', '')) : undefined;
}

function malformed(key: string, experimentId: string, detail: string): MlflowError {
  return new MlflowError('INTERNAL_ERROR', `Metric '${key}' is malformed; ${detail}. Experiment id: ${experimentId}`);
}

/** One line of a run's metric file. Two fields is the old format (step 0); 5 adds a dataset (ignored). */
export function parseMetricLine(key: string, line: string, experimentId: string): Metric {
  const parts = line.trim().split(' ');
  if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
    throw malformed(key, experimentId, `persisted metric data contained ${parts.length} fields. Expected 2, 3, or 5 fields`);
  }
  const timestamp = parsePythonInt(parts[0]);
  const value = parsePythonFloat(parts[1]);
  // MLflow 3.18 reads the step only from 3-field lines: a line with a dataset (5 fields) reads as step 0.
  const step = parts.length === 3 ? parsePythonInt(parts[2]) : 0;
  if (timestamp === undefined || value === undefined || step === undefined) {
    throw malformed(key, experimentId, `line '${line.trim()}' is not '<timestamp> <value> <step>'`);
  }
  return { key, value, timestamp, step };
}

/** Python's readlines(): every line keeps going to the end, a final newline adds no empty line. */
function fileLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function parseMetricFile(key: string, text: string, experimentId: string): Metric[] {
  return fileLines(text).map((line) => parseMetricLine(key, line, experimentId));
}

/**
 * Python's tuple `>` on (step, timestamp, value): the first unequal field decides, and NaN is
 * never equal to, greater or smaller than anything, so a NaN value never wins nor loses a tie.
 */
function tupleGreater(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  if (a.value === b.value) return false;
  return a.value > b.value;
}

/** The value MLflow reports as the run's metric: Python's `max()` over (step, timestamp, value). */
export function latestMetric(points: Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const point of points) {
    if (best === undefined || tupleGreater(point, best)) best = point;
  }
  return best;
}
