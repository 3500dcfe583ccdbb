// runlens_setTag: sets one tag on a run, with the same key and value rules as the Set Tag command
// (MLflow's own key rules and length limit). System tags (`mlflow.*`) and RunLens's bookkeeping
// (`runlens.*`: the command Re-run executes, the audit trail) are not the agent's to set.
import { RUN_NAME_TAG, tagKeyProblem, tagValueProblem, TAG_VALUE_MAX_LENGTH } from '../store/runValidation.ts';
import type { AgentTool } from './agentTool.ts';
import { runLabel, shown } from './changeText.ts';
import { onlyFields, requiredString, ToolInputError } from './toolInput.ts';

interface SetTagInput {
  runId: string;
  key: string;
  value: string;
}

/** Why an agent may not set this key, or undefined. */
export function reservedTagProblem(key: string): string | undefined {
  if (key.startsWith('mlflow.')) {
    const rename = key === RUN_NAME_TAG ? ' (rename the run from the Experiments view instead)' : '';
    return `'${key}' is one of MLflow's system tags, which agents do not set${rename}.`;
  }
  if (key.startsWith('runlens.')) return `'${key}' is RunLens's own bookkeeping (the recorded launch command, the audit trail), which agents do not set.`;
  return undefined;
}

export const setTagTool: AgentTool<SetTagInput> = {
  name: 'runlens_setTag',
  displayName: 'Set a tag on an MLflow run',
  userDescription: 'Set (or replace) one tag on a run, after you confirm.',
  modelDescription: [
    'Sets one tag on an MLflow run; a tag with the same key is replaced. The user confirms first and sees the old and new value.',
    'Use it to mark runs ("reviewed" = "yes", "baseline" = "true", "note" = "diverged after step 800").',
    'runId: the 32-character id from runlens_searchRuns. key: letters, digits, _ - . / : and spaces, at most 250 characters; keys starting with mlflow. or runlens. are reserved and refused.',
    `value: any text up to ${TAG_VALUE_MAX_LENGTH} characters (may be empty).`,
    'Refused in an untrusted workspace and on read-only stores (mlruns/ folders); relay the refusal to the user.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      runId: { type: 'string', description: 'The run id, e.g. from runlens_searchRuns.' },
      key: { type: 'string', description: 'Tag key, e.g. "reviewed".' },
      value: { type: 'string', description: 'Tag value, e.g. "yes".' },
    },
    required: ['runId', 'key', 'value'],
    additionalProperties: false,
  },
  acts: true,
  parse(raw) {
    onlyFields(raw, ['runId', 'key', 'value']);
    const key = requiredString(raw, 'key', 1000);
    const keyProblem = tagKeyProblem(key) ?? reservedTagProblem(key);
    if (keyProblem) throw new ToolInputError('key', keyProblem);
    if (typeof raw.value !== 'string') throw new ToolInputError('value', raw.value === undefined ? 'required' : 'expected a string');
    const valueProblem = tagValueProblem(raw.value);
    if (valueProblem) throw new ToolInputError('value', valueProblem);
    return { runId: requiredString(raw, 'runId', 200).trim(), key, value: raw.value };
  },
  async describeChange({ runId, key, value }, context) {
    const run = await context.store.tracking.getRun(runId, { signal: context.signal });
    const old = run.data.tags.find((t) => t.key === key)?.value;
    const before = old === undefined ? 'the run has no such tag yet.' : old === value ? 'it already has this value, so nothing changes.' : `its old value ${shown(old)} is replaced.`;
    return `Set tag ${shown(key)} = ${shown(value)} on ${await runLabel(run, context)}; ${before}`;
  },
  async run({ runId, key, value }, context) {
    const run = await context.store.tracking.getRun(runId, { signal: context.signal });
    const old = run.data.tags.find((t) => t.key === key)?.value;
    await context.store.tracking.setTag(runId, { key, value }, { signal: context.signal });
    return {
      summary: `Set tag ${key} on ${await runLabel(run, context)}.`,
      data: { runId, key, value, ...(old === undefined ? {} : { replaced: old }) },
    };
  },
};
