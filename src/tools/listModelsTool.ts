// runlens_listModels: the model registry at a glance — registered models, their versions (stage,
// aliases, source run), where Production / Staging / each alias stand and since when, and the
// newest events of the audit trail (who moved what, and why).
import type { ModelVersion, RegisteredModel } from '../shared/entities.ts';
import { auditTrail, currentPlacements, withoutAuditTags } from '../store/audit/auditEvent.ts';
import { versionsFilter } from '../store/search/registrySearch.ts';
import { eventChange, eventLabel, eventUser } from '../describe/auditLabels.ts';
import { aliasesOf, newestVersionsFirst } from '../describe/modelLabels.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { onlyFields, optionalInteger, optionalString } from './toolInput.ts';

const MAX_MODELS = 100;
const VERSIONS_PER_MODEL = 20;
/** Versions read per model at most (pages of the registry's search) before the newest are picked. */
const VERSIONS_READ = 5000;

interface ListModelsInput {
  filter?: string;
  maxResults: number;
  trailEvents: number;
}

const FIELDS = ['filter', 'maxResults', 'trailEvents'] as const;

const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : undefined);

async function versionsOf(context: ToolContext, name: string): Promise<{ versions: ModelVersion[]; complete: boolean }> {
  const versions: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const page = await context.store.registry.searchModelVersions({ filter: versionsFilter(name), pageToken, maxResults: 1000 }, { signal: context.signal });
    versions.push(...page.items.filter((v) => v.name === name));
    pageToken = page.nextPageToken;
  } while (pageToken && versions.length < VERSIONS_READ);
  return { versions: newestVersionsFirst(versions), complete: !pageToken };
}

async function describeModel(context: ToolContext, model: RegisteredModel, trailEvents: number) {
  const { versions, complete } = await versionsOf(context, model.name);
  const trail = auditTrail(model.tags);
  const shown = versions.slice(0, VERSIONS_PER_MODEL);
  const left = versions.length - shown.length;
  return {
    name: model.name,
    ...(model.description ? { description: model.description } : {}),
    created: iso(model.creationTimestamp),
    aliases: Object.fromEntries([...model.aliases].sort((a, b) => (a.alias < b.alias ? -1 : 1)).map((a) => [a.alias, a.version])),
    placements: currentPlacements(model, versions).map((p) => ({
      where: p.label, version: p.version,
      ...(p.since ? { since: iso(p.since.time), by: eventUser(p.since), ...(p.since.reason ? { reason: p.since.reason } : {}) } : {}),
    })),
    versions: shown.map((v) => ({
      version: v.version,
      stage: v.currentStage || 'None',
      aliases: aliasesOf(model.aliases, v.version),
      ...(v.runId ? { runId: v.runId } : {}),
      status: v.status,
      created: iso(v.creationTimestamp),
    })),
    ...(left > 0 || !complete ? { moreVersions: complete ? `${left} older versions not shown` : `more than ${versions.length} versions; the ${shown.length} newest read are shown` } : {}),
    tags: withoutAuditTags(model.tags).map((t) => ({ key: t.key, value: t.value })),
    trail: trail.slice(-trailEvents).reverse().map((e) => ({
      time: iso(e.time),
      user: eventUser(e),
      action: eventLabel(e, { withVersion: true }),
      ...(eventChange(e) ? { change: eventChange(e) } : {}),
      ...(e.reason ? { reason: e.reason } : {}),
    })),
    ...(trail.length > trailEvents ? { olderEvents: trail.length - trailEvents } : {}),
  };
}

export const listModelsTool: AgentTool<ListModelsInput> = {
  name: 'runlens_listModels',
  displayName: 'List registered models',
  userDescription: 'Registered models with versions, stages, aliases and who moved them.',
  modelDescription: [
    'Lists the registered models of the MLflow model registry: per model its aliases (alias → version), which version is in Production / Staging and behind each alias since when and by whom, its versions newest first (version number, stage, aliases, source run id, status, created), and the newest events of its audit trail (time, user, action, from → to, reason) as RunLens records them.',
    'Use it for "which model is in production?", "who promoted version 3 and why?", "which run does the champion come from?" (then runlens_getRun on its runId).',
    "filter: MLflow registry search syntax, e.g. name = 'churn-model' or name LIKE '%churn%' (ILIKE ignores case); leave out for every model.",
    `maxResults: models to return (1–${MAX_MODELS}, default 20). trailEvents: newest trail events per model (0–50, default 10).`,
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      filter: { type: 'string', description: "e.g. name LIKE '%churn%'" },
      maxResults: { type: 'integer', minimum: 1, maximum: MAX_MODELS, description: 'Default 20.' },
      trailEvents: { type: 'integer', minimum: 0, maximum: 50, description: 'Newest audit events per model (default 10).' },
    },
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, FIELDS);
    return {
      filter: optionalString(raw, 'filter', 1000),
      maxResults: optionalInteger(raw, 'maxResults', 1, MAX_MODELS, 20),
      trailEvents: optionalInteger(raw, 'trailEvents', 0, 50, 10),
    };
  },
  async run(input, context) {
    const page = await context.store.registry.searchRegisteredModels({ filter: input.filter, maxResults: input.maxResults }, { signal: context.signal });
    const models = [];
    for (const model of page.items) models.push(await describeModel(context, model, input.trailEvents));
    const more = page.nextPageToken ? ' (more match: narrow the filter or raise maxResults)' : '';
    const scope = input.filter ? ` matching ${input.filter}` : '';
    return { summary: `${models.length} registered model(s)${scope}${more}.`, data: { models } };
  },
};
