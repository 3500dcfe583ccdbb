// runlens_transitionStage: moves a model version to None / Staging / Production / Archived through
// the audited registry, so the trail records who (the local user) and why (the agent's reason).
import type { ModelVersionStage } from '../shared/entities.ts';
import { auditedRegistry } from '../store/audit/auditedRegistry.ts';
import { ACTIVE_STAGES, canonicalStage } from '../store/registryValidation.ts';
import { versionsFilter } from '../store/search/registrySearch.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { reasonText } from './changeText.ts';
import { checked, modelName, modelVersion, reason } from './registryInput.ts';
import { onlyFields, optionalBoolean, ToolInputError } from './toolInput.ts';

interface TransitionInput {
  model: string;
  version: string;
  stage: ModelVersionStage;
  archiveExisting: boolean;
  reason?: string;
}

const FIELDS = ['model', 'version', 'stage', 'archiveExisting', 'reason'] as const;

/** The other versions of `model` now in `stage`. */
async function versionsIn(context: ToolContext, model: string, stage: ModelVersionStage, except: string): Promise<string[]> {
  const found: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await context.store.registry.searchModelVersions({ filter: versionsFilter(model), pageToken }, { signal: context.signal });
    found.push(...page.items.filter((v) => v.name === model && v.version !== except && v.currentStage === stage).map((v) => v.version));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return found.sort((a, b) => Number(a) - Number(b));
}

const list = (versions: string[], start = 'v') => `${start}ersion${versions.length === 1 ? '' : 's'} ${versions.join(', ')}`;

export const transitionStageTool: AgentTool<TransitionInput> = {
  name: 'runlens_transitionStage',
  displayName: 'Move a model version to a stage',
  userDescription: 'Move a registered model version to Staging, Production, Archived or None, after you confirm; the reason goes into the audit trail.',
  modelDescription: [
    'Moves one version of a registered model to a stage (MLflow\'s stage transition), after the user confirms. The change and its reason are recorded in RunLens\'s audit trail with the user\'s name.',
    'Use it for "promote the best model to Staging", "archive version 3". Find the model and versions with runlens_listModels first.',
    'model: the registered model name. version: its version number ("3" or 3). stage: None, Staging, Production or Archived.',
    'archiveExisting: true to move the versions already in the target stage to Archived (Staging and Production only); default false keeps them.',
    'reason: why, in the user\'s words (e.g. "best val_accuracy of the lr sweep"); always give one.',
    'Refused in an untrusted workspace and on read-only stores; relay the refusal to the user.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      model: { type: 'string', description: 'Registered model name.' },
      version: { type: 'string', description: 'Version number, e.g. "2".' },
      stage: { type: 'string', enum: ['None', 'Staging', 'Production', 'Archived'] },
      archiveExisting: { type: 'boolean', description: 'Archive the versions already in the target stage (default false).' },
      reason: { type: 'string', description: 'Why, for the audit trail.' },
    },
    required: ['model', 'version', 'stage'],
    additionalProperties: false,
  },
  acts: true,
  parse(raw) {
    onlyFields(raw, FIELDS);
    if (raw.stage === undefined) throw new ToolInputError('stage', 'required');
    const stage = checked('stage', () => canonicalStage(raw.stage));
    const archiveExisting = optionalBoolean(raw, 'archiveExisting', false);
    if (archiveExisting && !ACTIVE_STAGES.includes(stage)) throw new ToolInputError('archiveExisting', `only a move to Staging or Production can archive the versions already there, not a move to ${stage}`);
    return { model: modelName(raw), version: modelVersion(raw), stage, archiveExisting, reason: reason(raw) };
  },
  async describeChange(input, context) {
    const current = await context.store.registry.getModelVersion(input.model, input.version, { signal: context.signal });
    const from = current.currentStage || 'None';
    const others = ACTIVE_STAGES.includes(input.stage) ? await versionsIn(context, input.model, input.stage, input.version) : [];
    const move = from === input.stage
      ? `Model '${input.model}' version ${input.version} is already in ${from}; the transition is recorded again.`
      : `Move model '${input.model}' version ${input.version} from ${from} to ${input.stage}.`;
    const rest = others.length === 0 ? '' : input.archiveExisting ? ` ${list(others, 'V')}, now in ${input.stage}, will be moved to Archived.` : ` ${list(others, 'V')} ${others.length === 1 ? 'stays' : 'stay'} in ${input.stage} as well.`;
    return `${move}${rest}${reasonText(input.reason)}`;
  },
  async run(input, context) {
    const registry = auditedRegistry(context.store.registry, { user: context.user, reason: input.reason });
    const before = await context.store.registry.getModelVersion(input.model, input.version, { signal: context.signal });
    const archived = input.archiveExisting ? await versionsIn(context, input.model, input.stage, input.version) : [];
    const updated = await registry.transitionModelVersionStage(input.model, input.version, input.stage, input.archiveExisting, { signal: context.signal });
    return {
      summary: `Model '${input.model}' version ${input.version} moved from ${before.currentStage || 'None'} to ${updated.currentStage}${archived.length ? `; ${list(archived)} archived` : ''}.`,
      data: { model: input.model, version: input.version, from: before.currentStage || 'None', to: updated.currentStage, archived, recordedBy: context.user, reason: input.reason ?? null },
    };
  },
};
