// runlens_setAlias: points a registered model's alias (@champion) at a version through the audited
// registry, so the trail records who and why; an alias already on another version moves.
import { auditedRegistry } from '../store/audit/auditedRegistry.ts';
import { validateAssignableAlias } from '../store/registryValidation.ts';
import type { AgentTool } from './agentTool.ts';
import { reasonText } from './changeText.ts';
import { checked, modelName, modelVersion, reason } from './registryInput.ts';
import { onlyFields, requiredString } from './toolInput.ts';

interface SetAliasInput {
  model: string;
  alias: string;
  version: string;
  reason?: string;
}

export const setAliasTool: AgentTool<SetAliasInput> = {
  name: 'runlens_setAlias',
  displayName: 'Set a model alias',
  userDescription: 'Point a registered model alias (e.g. @champion) at a version, after you confirm; the reason goes into the audit trail.',
  modelDescription: [
    'Points an alias of a registered model (e.g. champion, so models:/name@champion loads it) at one version, after the user confirms. An alias already on another version moves to this one. The change and its reason are recorded in RunLens\'s audit trail with the user\'s name.',
    'Find models, versions and current aliases with runlens_listModels first.',
    'model: the registered model name. alias: letters, digits, _ and - (not "latest", not v<number>). version: the version number ("2" or 2).',
    'reason: why, in the user\'s words; always give one.',
    'Refused in an untrusted workspace and on read-only stores; relay the refusal to the user.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      model: { type: 'string', description: 'Registered model name.' },
      alias: { type: 'string', description: 'Alias, e.g. "champion".' },
      version: { type: 'string', description: 'Version number, e.g. "2".' },
      reason: { type: 'string', description: 'Why, for the audit trail.' },
    },
    required: ['model', 'alias', 'version'],
    additionalProperties: false,
  },
  acts: true,
  parse(raw) {
    onlyFields(raw, ['model', 'alias', 'version', 'reason']);
    const alias = requiredString(raw, 'alias', 1000);
    return { model: modelName(raw), alias: checked('alias', () => validateAssignableAlias(alias)), version: modelVersion(raw), reason: reason(raw) };
  },
  async describeChange(input, context) {
    const [model] = await Promise.all([
      context.store.registry.getRegisteredModel(input.model, { signal: context.signal }),
      context.store.registry.getModelVersion(input.model, input.version, { signal: context.signal }),
    ]);
    const now = model.aliases.find((a) => a.alias === input.alias)?.version;
    const before = now === undefined ? 'a new alias' : now === input.version ? 'it already points there, so nothing changes' : `it moves from version ${now}`;
    return `Point alias @${input.alias} of model '${input.model}' at version ${input.version} (${before}).${reasonText(input.reason)}`;
  },
  async run(input, context) {
    const model = await context.store.registry.getRegisteredModel(input.model, { signal: context.signal });
    const previous = model.aliases.find((a) => a.alias === input.alias)?.version;
    await auditedRegistry(context.store.registry, { user: context.user, reason: input.reason })
      .setRegisteredModelAlias(input.model, input.alias, input.version, { signal: context.signal });
    return {
      summary: `@${input.alias} of model '${input.model}' now points at version ${input.version}${previous && previous !== input.version ? ` (was version ${previous})` : ''}.`,
      data: { model: input.model, alias: input.alias, version: input.version, previousVersion: previous ?? null, recordedBy: context.user, reason: input.reason ?? null },
    };
  },
};
