// runlens_getRun: one run in full — params, latest metrics, the user's tags, its artifacts' top
// level, where its code and data came from — each list bounded.
import type { Run } from '../shared/entities.ts';
import { isAuditTagKey } from '../store/audit/auditEvent.ts';
import { runProvenance } from '../describe/modelVersionDetails.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { onlyFields, requiredString } from './toolInput.ts';

const LIST_LIMIT = 200;
const ARTIFACT_LIMIT = 100;
/** System tags worth an agent's attention; other `mlflow.*` tags are bookkeeping. */
const SYSTEM_TAGS = ['mlflow.user', 'mlflow.source.type', 'mlflow.parentRunId', 'mlflow.note.content'];

interface GetRunInput {
  runId: string;
}

function bounded<T>(items: readonly T[], limit: number): { items: T[]; omitted?: number } {
  return items.length > limit ? { items: items.slice(0, limit), omitted: items.length - limit } : { items: [...items] };
}

async function artifactListing(run: Run, context: ToolContext): Promise<unknown> {
  try {
    const page = await context.store.artifacts(run.info.artifactUri).list(undefined, undefined, context.signal);
    const entries = page.items.map((e) => (e.isDir ? `${e.path}/` : e.fileSize === undefined ? e.path : `${e.path} (${e.fileSize} bytes)`));
    return { root: run.info.artifactUri, ...bounded(entries, ARTIFACT_LIMIT), ...(page.nextPageToken ? { more: 'yes' } : {}) };
  } catch (error) {
    return { root: run.info.artifactUri, problem: `could not list: ${(error as Error).message}` };
  }
}

export const getRunTool: AgentTool<GetRunInput> = {
  name: 'runlens_getRun',
  displayName: 'Get an MLflow run',
  userDescription: "One run's params, latest metrics, tags, artifacts and provenance.",
  modelDescription: [
    'Returns one MLflow run in detail: info (name, status, start and end time, user), all params, the latest value and step of every metric, the user\'s tags, the top level of its artifacts (call runlens_readArtifact to read one), its provenance (git commit, branch, source file, command, uncommitted changes, data file hashes) and its dataset inputs.',
    'runId: the 32-character id that runlens_searchRuns returns.',
    'For a metric\'s history use runlens_metricSummary; to see how runs differ use runlens_compareRuns.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: { runId: { type: 'string', description: 'The run id, e.g. from runlens_searchRuns.' } },
    required: ['runId'],
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, ['runId']);
    return { runId: requiredString(raw, 'runId', 200).trim() };
  },
  async run({ runId }, context) {
    const run = await context.store.tracking.getRun(runId, { signal: context.signal });
    const { info, data } = run;
    const userTags = data.tags.filter((t) => (!t.key.startsWith('mlflow.') || SYSTEM_TAGS.includes(t.key)) && !t.key.startsWith('runlens.') && !isAuditTagKey(t.key));
    const metrics = data.metrics.map((m) => ({ key: m.key, value: m.value, step: m.step }));
    const datasets = run.inputs.datasetInputs.map((d) => ({ name: d.dataset.name, digest: d.dataset.digest, source: d.dataset.sourceType, context: d.tags.find((t) => t.key === 'mlflow.data.context')?.value }));
    return {
      summary: `Run '${info.runName}' (${info.status}): ${data.params.length} params, ${data.metrics.length} metrics.`,
      data: {
        info: {
          id: info.runId,
          name: info.runName,
          experimentId: info.experimentId,
          status: info.status,
          user: info.userId,
          ...(info.startTime ? { started: new Date(info.startTime).toISOString() } : {}),
          ...(info.endTime ? { ended: new Date(info.endTime).toISOString() } : {}),
          lifecycle: info.lifecycleStage,
        },
        params: bounded(data.params.map((p) => ({ key: p.key, value: p.value })), LIST_LIMIT),
        metrics: bounded(metrics, LIST_LIMIT),
        tags: bounded(userTags.map((t) => ({ key: t.key, value: t.value })), LIST_LIMIT),
        provenance: runProvenance(run).map((f) => ({ key: f.label, value: f.value })),
        datasets,
        artifacts: await artifactListing(run, context),
      },
    };
  },
};
