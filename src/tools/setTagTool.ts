// runlens_setTag: sets one user tag on a run. Minimal stand-in written for `runlens mcp`'s tests;
// the acting-tools branch owns the full version (the lead reconciles them at merge).
import { LIMITS, validateKey } from '../store/validation.ts';
import type { AgentTool } from './agentTool.ts';
import { onlyFields, requiredString, ToolInputError } from './toolInput.ts';

interface SetTagInput {
  runId: string;
  key: string;
  value: string;
}

export const setTagTool: AgentTool<SetTagInput> = {
  name: 'runlens_setTag',
  displayName: 'Set a run tag',
  userDescription: 'Set one tag on an MLflow run.',
  modelDescription: [
    'Sets (or replaces) one tag on an MLflow run, e.g. key "reviewed", value "yes". Asks the user to confirm.',
    'runId: the run id from runlens_searchRuns. key: letters, digits, _ - . / : and spaces; mlflow.* and runlens.* keys are reserved and refused.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      runId: { type: 'string', description: 'The run id.' },
      key: { type: 'string', description: 'The tag key, e.g. "reviewed".' },
      value: { type: 'string', description: 'The tag value (may be empty).' },
    },
    required: ['runId', 'key', 'value'],
    additionalProperties: false,
  },
  acts: true,
  parse(raw) {
    onlyFields(raw, ['runId', 'key', 'value']);
    const key = requiredString(raw, 'key', LIMITS.entityKeyLength);
    if (/^(mlflow|runlens)\./u.test(key)) throw new ToolInputError('key', 'mlflow.* and runlens.* tags are reserved');
    const value = raw.value ?? '';
    if (typeof value !== 'string') throw new ToolInputError('value', 'expected a string');
    if (value.length > LIMITS.tagValueLength) throw new ToolInputError('value', `longer than ${LIMITS.tagValueLength} characters`);
    return { runId: requiredString(raw, 'runId', 200).trim(), key, value };
  },
  async describeChange(input) {
    return `Set tag ${input.key} = '${input.value}' on run ${input.runId}.`;
  },
  async run(input, context) {
    validateKey(input.key, 'key', 'Tag');
    await context.store.tracking.setTag(input.runId, { key: input.key, value: input.value }, { signal: context.signal });
    return { summary: `Set tag ${input.key} = '${input.value}' on run ${input.runId}.` };
  },
};
