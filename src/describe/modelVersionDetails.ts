// What the model-version details panel shows, worded from the registry and the source run: the
// version, where it stands, how it was created (with the run's provenance: commit, branch,
// uncommitted changes, data hashes, dataset inputs) and its timeline. No vscode import.
import type { DetailField, ModelVersionDetails, TimelineRow } from '../shared/modelDetailsProtocol.ts';
import type { ModelVersion, RegisteredModel, Run } from '../shared/entities.ts';
import { versionTimeline } from '../store/audit/auditEvent.ts';
import { COMMAND_TAG, dataTagFile, DIRTY_TAG, GIT_COMMIT_TAG } from '../shared/launchTags.ts';
import { eventChange, eventLabel, eventTime, eventUser } from './auditLabels.ts';
import { aliasesOf, loggedModelIdOf } from './modelLabels.ts';
import { versionHistory } from './versionHistory.ts';

/** Run tags that say where the run's code came from, in the order the panel lists them. */
const SOURCE_TAGS: [key: string, label: string][] = [
  [GIT_COMMIT_TAG, 'Git commit'],
  ['mlflow.source.git.branch', 'Branch'],
  ['mlflow.source.git.repoURL', 'Repository'],
  ['mlflow.source.name', 'Source file'],
  [COMMAND_TAG, 'Command'],
];
const DATASET_CONTEXT_TAG = 'mlflow.data.context';

function field(label: string, value: string | undefined): DetailField[] {
  return value ? [{ label, value }] : [];
}

/** The source run's provenance as labelled fields; the run's own data, never interpreted further. */
export function runProvenance(run: Run): DetailField[] {
  const tags = new Map(run.data.tags.map((t) => [t.key, t.value]));
  const fields = SOURCE_TAGS.flatMap(([key, label]) => field(label, tags.get(key)));
  if (tags.has(GIT_COMMIT_TAG)) {
    fields.push({ label: 'Uncommitted changes', value: tags.get(DIRTY_TAG) === 'true' ? 'yes (the diff is saved with the run)' : 'none recorded' });
  }
  for (const tag of [...run.data.tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const file = dataTagFile(tag.key);
    if (file) fields.push({ label: `Data ${file} (sha256)`, value: tag.value });
  }
  return fields;
}

/** The version's history, newest first, as the timeline table's rows. */
export function timelineRows(model: Pick<RegisteredModel, 'tags'>, version: ModelVersion): TimelineRow[] {
  return versionHistory(model, version).reverse().map((e) => ({
    time: e.time,
    timeText: eventTime(e.time),
    user: eventUser(e),
    action: e.action,
    label: eventLabel(e),
    change: eventChange(e),
    reason: e.reason ?? '',
  }));
}

/**
 * Everything the panel shows for one version. `run` is the source run when it could be read;
 * `runProblem` says why it could not.
 */
export function modelVersionDetails(model: RegisteredModel, version: ModelVersion, run: Run | undefined, runProblem?: string): ModelVersionDetails {
  const created = versionTimeline(model, version)[0];
  const runId = version.runId || run?.info.runId || undefined;
  return {
    name: version.name,
    version: version.version,
    stage: version.currentStage || 'None',
    aliases: aliasesOf(model.aliases, version.version),
    description: version.description ?? '',
    status: version.status,
    created: [
      ...field('Registered', version.creationTimestamp ? eventTime(version.creationTimestamp) : undefined),
      ...field('By', created?.action === 'version-created' ? created.user || version.userId : version.userId),
      ...field('Source', version.source),
      ...field('Source run', runId ? `${run?.info.runName ? `${run.info.runName} · ` : ''}${runId}` : undefined),
      ...field('Run started by', run?.info.userId),
      ...field('Logged model', loggedModelIdOf(version)),
    ],
    ...(runId ? { runId } : {}),
    provenance: run ? runProvenance(run) : [],
    datasets: (run?.inputs.datasetInputs ?? []).map((input) => ({
      name: input.dataset.name,
      digest: input.dataset.digest,
      source: input.dataset.source,
      context: input.tags.find((t) => t.key === DATASET_CONTEXT_TAG)?.value ?? '',
    })),
    ...(runProblem ? { runProblem } : {}),
    events: timelineRows(model, version),
  };
}
