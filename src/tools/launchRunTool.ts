// runlens_launchRun: starts a Python script of the workspace as a tracked run through Run with
// Tracking (the run is created first with its provenance; its status follows the process). Only
// VS Code can do that; elsewhere the tool says so. The script must be a file inside the workspace.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { shown } from './changeText.ts';
import { onlyFields, optionalString, requiredString, ToolInputError } from './toolInput.ts';
import { ToolRefusal } from './runTool.ts';

interface LaunchInput {
  script: string;
  params: [string, string][];
  experimentName: string;
  runName?: string;
}

const MAX_PARAMS = 50;
const PARAM_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/u;
/** MLflow's default experiment: where a script without set_experiment logs. */
const DEFAULT_EXPERIMENT = 'Default';

/** Parameters as `--key value` pairs: strings, numbers or booleans under plain flag names. */
function launchParams(raw: Record<string, unknown>): [string, string][] {
  const value = raw.params;
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw new ToolInputError('params', 'expected an object such as {"lr": 0.01, "epochs": 5}');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PARAMS) throw new ToolInputError('params', `at most ${MAX_PARAMS} parameters`);
  return entries.map(([key, v]) => {
    if (!PARAM_KEY.test(key)) throw new ToolInputError(`params.${key}`, 'a flag name is letters, digits, _ . and - (starting with a letter or _)');
    if (!['string', 'number', 'boolean'].includes(typeof v)) throw new ToolInputError(`params.${key}`, 'expected a string, number or boolean');
    const text = String(v);
    if (text.length > 1000) throw new ToolInputError(`params.${key}`, 'longer than 1000 characters');
    return [key, text];
  });
}

/** A relative path with no way out of the workspace, in POSIX spelling. */
function scriptPath(raw: Record<string, unknown>): string {
  const script = requiredString(raw, 'script', 1000).trim().replaceAll('\\', '/');
  if (path.posix.isAbsolute(script) || /^[A-Za-z]:/u.test(script)) throw new ToolInputError('script', 'give the path relative to the workspace folder, e.g. "train.py"');
  if (script.split('/').includes('..')) throw new ToolInputError('script', 'must stay inside the workspace folder (no "..")');
  if (!script.endsWith('.py')) throw new ToolInputError('script', 'must be a Python file (.py)');
  return path.posix.normalize(script);
}

/** The script's real path, refused unless it is a file inside the workspace (links resolved). */
export async function confinedScript(script: string, context: ToolContext): Promise<string> {
  if (!context.workspaceRoot) throw new ToolInputError('script', 'no workspace folder is open, so there is nothing to launch');
  const root = await realpath(context.workspaceRoot);
  const file = await realpath(path.join(root, script)).catch(() => undefined);
  if (!file || !(await stat(file)).isFile()) throw new ToolInputError('script', `no file ${script} in the workspace folder`);
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new ToolInputError('script', `${script} leads outside the workspace folder`);
  return file;
}

const flags = (params: [string, string][]) => params.map(([k, v]) => `--${k} ${v}`).join(' ');

export const launchRunTool: AgentTool<LaunchInput> = {
  name: 'runlens_launchRun',
  displayName: 'Launch a tracked MLflow run',
  userDescription: 'Run a Python script of the workspace with parameters as a new tracked MLflow run, after you confirm.',
  modelDescription: [
    'Starts a Python script of the workspace as a new MLflow run through RunLens\'s Run with Tracking, after the user confirms: the run is created first with its provenance (git commit, uncommitted diff, command), the script runs in a terminal and logs into it (mlflow.start_run() resumes it), and the run\'s status follows the process (FINISHED, FAILED, KILLED).',
    'Use it for "launch the same config with lr 0.01": read the earlier run\'s params with runlens_getRun (its runlens.command tag shows the command), then pass the script and the params.',
    'script: path relative to the workspace folder, e.g. "train.py" or "examples/iris_basic.py".',
    'params: an object; each entry becomes a --key value argument, e.g. {"lr": 0.01, "epochs": 5} → --lr 0.01 --epochs 5.',
    `experimentName: created when missing (default "${DEFAULT_EXPERIMENT}"). runName: optional; MLflow generates one otherwise.`,
    'Returns the new run id at once; call runlens_getRun later for its status and metrics. Only available inside VS Code; refused in an untrusted workspace and on read-only stores.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      script: { type: 'string', description: 'Python file relative to the workspace folder, e.g. "train.py".' },
      params: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'Passed as --key value arguments, e.g. {"lr": 0.01}.' },
      experimentName: { type: 'string', description: `Experiment to log into (default "${DEFAULT_EXPERIMENT}").` },
      runName: { type: 'string', description: 'Run name (optional).' },
    },
    required: ['script'],
    additionalProperties: false,
  },
  acts: true,
  parse(raw) {
    onlyFields(raw, ['script', 'params', 'experimentName', 'runName']);
    return {
      script: scriptPath(raw),
      params: launchParams(raw),
      experimentName: optionalString(raw, 'experimentName', 500)?.trim() || DEFAULT_EXPERIMENT,
      runName: optionalString(raw, 'runName', 250)?.trim() || undefined,
    };
  },
  async describeChange(input, context) {
    await confinedScript(input.script, context);
    const args = input.params.length ? ` ${shown(flags(input.params))}` : ' with no arguments';
    const experiment = await context.store.tracking.getExperimentByName(input.experimentName, { signal: context.signal });
    const where = experiment ? `experiment '${input.experimentName}'` : `a new experiment '${input.experimentName}'`;
    return `Run ${shown(input.script)}${args} with the workspace's Python, as a new run ${input.runName ? `'${input.runName}'` : '(name generated by MLflow)'} in ${where}. The script runs in a terminal in the workspace folder and can do anything its code does.`;
  },
  async run(input, context) {
    if (!context.launchRun) throw new ToolRefusal('launching runs works only inside VS Code (RunLens\'s Run with Tracking); nothing was started.');
    await confinedScript(input.script, context);
    const { runId, command } = await context.launchRun({ script: input.script, params: input.params, experimentName: input.experimentName, runName: input.runName });
    return {
      summary: `Started run ${runId} in experiment '${input.experimentName}'. It keeps running in a terminal; call runlens_getRun with this id for its status and metrics.`,
      data: { runId, command, experiment: input.experimentName },
    };
  },
};
