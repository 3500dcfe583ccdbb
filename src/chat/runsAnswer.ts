// The runs of a runlens_searchRuns answer as a short markdown table (name, id, the metric asked
// about, the params that differ), for answers given without a language model.
import type { RunSummary } from '../tools/runSummary.ts';
import { toolData } from './toolMentions.ts';

const PARAM_COLUMNS = 3;

/** Markdown table cells must not break the table: pipes escaped, newlines flattened. */
function cell(value: unknown): string {
  return String(value ?? '').replace(/\|/gu, '\\|').replace(/[\r\n]+/gu, ' ');
}

export interface RunsTable {
  runs: RunSummary[];
  markdown: string;
}

/** Runs without the metric are left out when ranking by one: MLflow orders them last anyway. */
export function runsTable(toolText: string, metric?: string): RunsTable | undefined {
  const data = toolData(toolText) as { runs?: RunSummary[] } | undefined;
  if (!Array.isArray(data?.runs)) return undefined;
  const runs = metric ? data.runs.filter((run) => Object.hasOwn(run.metrics, metric)) : data.runs;
  if (runs.length === 0) return { runs, markdown: '' };
  const params = [...new Set(runs.flatMap((run) => Object.keys(run.params)))].slice(0, PARAM_COLUMNS);
  const header = ['Run', 'Id', ...(metric ? [metric] : ['Status']), ...params];
  const rows = runs.map((run) => [
    run.name || '(unnamed)',
    `\`${run.id.slice(0, 8)}\``,
    metric ? run.metrics[metric] : run.status,
    ...params.map((key) => run.params[key] ?? ''),
  ]);
  const line = (cells: unknown[]) => `| ${cells.map(cell).join(' | ')} |`;
  return { runs, markdown: [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') };
}
