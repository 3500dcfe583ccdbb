// The command line and environment of a tracked launch, and the tags that record them. No vscode.
import os from 'node:os';
import path from 'node:path';
import type { Tag } from '../../shared/entities.ts';
import { COMMAND_TAG, DIRTY_TAG, GIT_COMMIT_TAG } from '../../shared/launchTags.ts';
import type { GitProvenance } from './provenance.ts';

export const DIFF_ARTIFACT = 'code/uncommitted.diff';
export const STDOUT_ARTIFACT = 'logs/stdout.log';

/** Quotes an argument for a POSIX shell (or cmd.exe) only when it needs quoting. */
export function shellQuote(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[A-Za-z0-9_\-.,/:=@+%]+$/u.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replaceAll('"', '""')}"`;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function pythonFileCommand(python: string, file: string): string {
  return [python, file].map((part) => shellQuote(part)).join(' ');
}

/** Where a Python mlflow client reaches the connected store, and with what. */
export interface ClientTarget {
  trackingUri: string;
  /** MLflow's client credentials for a secured server; passed to the process only, never stored. */
  credentials?: { token?: string; username?: string; password?: string };
  insecureTls?: boolean;
  /** Artifact store variables RunLens adds (undefined: removed), so the script reaches the same bucket; never printed. */
  cloudEnv?: Record<string, string | undefined>;
}

export interface LaunchTarget extends ClientTarget {
  experimentId: string;
  experimentName: string;
  runId: string;
}

/** The variables that point a Python mlflow client at the store: URI, credentials, TLS, bucket access. */
export function mlflowClientEnvironment(target: ClientTarget): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...target.cloudEnv,
    MLFLOW_TRACKING_URI: target.trackingUri,
    // Output reaches the terminal (and logs/stdout.log) as it is printed, not at exit.
    PYTHONUNBUFFERED: '1',
  };
  if (target.credentials?.token) env.MLFLOW_TRACKING_TOKEN = target.credentials.token;
  if (target.credentials?.username) env.MLFLOW_TRACKING_USERNAME = target.credentials.username;
  if (target.credentials?.password) env.MLFLOW_TRACKING_PASSWORD = target.credentials.password;
  if (target.insecureTls) env.MLFLOW_TRACKING_INSECURE_TLS = 'true';
  return env;
}

/** The variables that make the script's `mlflow.start_run()` resume the run RunLens created. */
export function launchEnvironment(target: LaunchTarget): Record<string, string | undefined> {
  return {
    ...mlflowClientEnvironment(target),
    MLFLOW_EXPERIMENT_ID: target.experimentId,
    MLFLOW_EXPERIMENT_NAME: target.experimentName,
    MLFLOW_RUN_ID: target.runId,
  };
}

/** The script a command runs: the first argument ending in .py, else the program. */
export function sourceName(command: string, cwd: string): string {
  const words = command.match(/'[^']*'|"[^"]*"|\S+/gu) ?? [];
  const unquoted = words.map((w) => w.replace(/^['"]|['"]$/gu, ''));
  const script = unquoted.find((w) => w.endsWith('.py')) ?? unquoted[0] ?? command;
  return path.resolve(cwd, script);
}

/** MLflow's own run-context tags, as `mlflow.start_run()` would set them, plus the command line. */
export function provenanceTags(command: string, cwd: string, git: GitProvenance | undefined, user = os.userInfo().username): Tag[] {
  const tags: Tag[] = [
    { key: 'mlflow.user', value: user },
    { key: 'mlflow.source.type', value: 'LOCAL' },
    { key: 'mlflow.source.name', value: sourceName(command, cwd) },
    { key: COMMAND_TAG, value: command },
  ];
  if (git) {
    tags.push({ key: GIT_COMMIT_TAG, value: git.commit });
    if (git.branch) tags.push({ key: 'mlflow.source.git.branch', value: git.branch });
    if (git.repoUrl) tags.push({ key: 'mlflow.source.git.repoURL', value: git.repoUrl });
    if (git.uncommittedDiff !== undefined) tags.push({ key: DIRTY_TAG, value: 'true' });
  }
  return tags;
}

/**
 * "Re-run with Parameters…": the recorded command with each param as `--key value`, replacing
 * the same flags (`--key value` or `--key=value`) where the command already had them.
 */
export function rerunCommand(recorded: string, params: Record<string, string>): string {
  let command = recorded;
  for (const [key, value] of Object.entries(params)) {
    const flag = `--${key}`;
    const escaped = flag.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
    const existing = new RegExp(`(^|\\s)${escaped}(?:=|\\s+)('[^']*'|"[^"]*"|\\S+)`, 'u');
    const replacement = `$1${flag} ${shellQuote(value)}`;
    command = existing.test(command) ? command.replace(existing, replacement) : `${command} ${flag} ${shellQuote(value)}`;
  }
  return command;
}

/** Strips ANSI escape sequences (colours, cursor moves) from terminal output for the log artifact. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/gu, '');
}

/** Where a launch's interpreter came from: runlens.launch.pythonPath, the Python extension, or python3. */
export type PythonSource = 'setting' | 'python-extension' | 'default';

export const INSTALL_MLFLOW = 'Install mlflow';
export const SELECT_INTERPRETER = 'Select Interpreter';
export const OPEN_PYTHON_SETTING = 'Open Settings';

/**
 * What to say when the launch's interpreter lacks mlflow: which interpreter and why that one, and
 * the ways out (install into that very interpreter, pick another, or set runlens.launch.pythonPath).
 * "Select Interpreter" only when the Python extension's command exists.
 */
export function mlflowMissingPrompt(python: string, source: PythonSource, canSelectInterpreter: boolean): { message: string; actions: string[] } {
  const why = source === 'setting' ? 'set in runlens.launch.pythonPath' : source === 'python-extension' ? "the Python extension's selected interpreter" : 'the default: no interpreter is selected and runlens.launch.pythonPath is empty';
  return {
    message: `The module mlflow is not installed for ${python} (${why}). Install it there, or choose a Python that has it.`,
    actions: [INSTALL_MLFLOW, ...(canSelectInterpreter ? [SELECT_INTERPRETER] : []), OPEN_PYTHON_SETTING],
  };
}
