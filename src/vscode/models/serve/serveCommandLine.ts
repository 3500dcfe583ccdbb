// The command line and environment of `mlflow models serve` for a registered version, and what
// the user copies to call it. No vscode import: unit-tested under plain Node.
import path from 'node:path';
import type { ProcessEnd } from '../../launch/trackedProcess.ts';
import { mlflowClientEnvironment, shellQuote, type ClientTarget } from '../../launch/launchCommand.ts';
import { versionUri } from '../../../describe/modelLabels.ts';

/** mlflow's scoring server binds here only: the endpoint is for this machine. */
export const SERVE_HOST = '127.0.0.1';

export function endpointUrl(port: number): string {
  return `http://${SERVE_HOST}:${port}`;
}

/** `python -m mlflow models serve -m models:/<name>/<N> --env-manager local -p PORT -h 127.0.0.1`, quoted for the shell. */
export function serveCommandLine(python: string, name: string, version: string, port: number, platform: NodeJS.Platform = process.platform): string {
  const args = [python, '-m', 'mlflow', 'models', 'serve', '-m', versionUri(name, version), '--env-manager', 'local', '-p', String(port), '-h', SERVE_HOST];
  return args.map((arg) => shellQuote(arg, platform)).join(' ');
}

/**
 * The launch's client variables plus the registry URI (models:/ resolves through it), and the
 * interpreter's own folder first on PATH: mlflow starts `uvicorn` by name, which an interpreter
 * chosen without activating its virtual environment would otherwise not find.
 */
export function servingEnvironment(target: ClientTarget, python: string, baseEnv: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...mlflowClientEnvironment(target), MLFLOW_REGISTRY_URI: target.trackingUri };
  if (!path.isAbsolute(python)) return env;
  // Windows spells it Path; spreading process.env keeps whichever spelling it has.
  const pathKey = Object.keys(baseEnv).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH';
  const current = baseEnv[pathKey];
  env[pathKey] = current ? `${path.dirname(python)}${path.delimiter}${current}` : path.dirname(python);
  return env;
}

/** A request to copy: POST /invocations with a JSON body to fill in (one row of inputs). */
export function curlCommand(url: string): string {
  return `curl -X POST ${url}/invocations -H 'Content-Type: application/json' -d '{"inputs": [[0.0, 0.0]]}'`;
}

/** Why a typed port cannot be used, or undefined. */
export function portProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/u.test(trimmed)) return 'Enter a port number';
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? undefined : 'A port is between 1 and 65535';
}

/** What a server that ended on its own says: how it ended and its last lines (mlflow's error is there). */
export function crashMessage(name: string, version: string, end: ProcessEnd, lastLines: readonly string[]): string {
  const how = end.code !== null ? `exit code ${end.code}` : `signal ${end.signal ?? 'unknown'}`;
  // A notification is one short paragraph: the last three lines, the end of them when long.
  const said = lastLines.slice(-3).map((line) => line.trim()).join(' | ');
  const shown = said.length > 600 ? `…${said.slice(-600)}` : said;
  return `Serving ${name} version ${version} ended (${how})${shown ? `: ${shown}` : '.'}`;
}

/**
 * mlflow resolves `mlflow-artifacts:` locations only through a tracking server's artifact proxy,
 * so a local store's version stored there (a model logged by a launch) is served through one.
 */
export function needsTrackingServer(downloadUri: string): boolean {
  return /^mlflow-artifacts:/iu.test(downloadUri);
}
