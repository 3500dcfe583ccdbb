// Which artifacts open in the table editor rather than a text tab. Pure (no vscode): CSV, TSV and
// Parquet by name; a JSON file when the run's `mlflow.loggedArtifacts` tag lists it as a table
// (mlflow.log_table records it so), or when it starts the way log_table writes one.
import type { Tag } from '../../shared/entities.ts';
import { tableFormatOf } from '../../shared/tableProtocol.ts';

const LOGGED_ARTIFACTS_TAG = 'mlflow.loggedArtifacts';

/** `table`: open as a table; `maybeJson`: a JSON file only its first bytes can tell about; `no`: not a table. */
export type TableArtifactVerdict = 'table' | 'maybeJson' | 'no';

/** The paths a run's `mlflow.loggedArtifacts` tag lists with type "table". */
export function loggedTablePaths(tags: readonly Tag[]): Set<string> {
  const value = tags.find((tag) => tag.key === LOGGED_ARTIFACTS_TAG)?.value;
  if (!value) return new Set();
  try {
    const entries = JSON.parse(value) as unknown;
    if (!Array.isArray(entries)) return new Set();
    return new Set(entries.flatMap((entry: unknown) => {
      const { path, type } = (entry ?? {}) as { path?: unknown; type?: unknown };
      return typeof path === 'string' && type === 'table' ? [path] : [];
    }));
  } catch {
    // A tag someone else wrote by hand: it names no tables.
    return new Set();
  }
}

export function tableArtifactVerdict(artifactPath: string, runTags: readonly Tag[] | undefined): TableArtifactVerdict {
  const format = tableFormatOf(artifactPath);
  if (format === undefined) return 'no';
  if (format !== 'json') return 'table';
  return runTags && loggedTablePaths(runTags).has(artifactPath) ? 'table' : 'maybeJson';
}

/** How many leading bytes `startsLikeLoggedTable` needs. */
export const TABLE_SNIFF_BYTES = 64;

/** pandas' split orient, as mlflow.log_table writes it: `{"columns": [` first. */
export function startsLikeLoggedTable(head: string): boolean {
  return /^\uFEFF?\s*\{\s*"columns"\s*:\s*\[/u.test(head);
}
