// One `mlflow models serve` in an integrated terminal: the launch's pseudoterminal over a process
// group, so Stop Serving, Ctrl-C and closing the terminal all end mlflow and its uvicorn workers.
import * as vscode from 'vscode';
import { LaunchTerminal } from '../../launch/launchTerminal.ts';
import { TrackedProcess, type ProcessEnd } from '../../launch/trackedProcess.ts';
import { OutputTail } from './outputTail.ts';
import type { ServedModel } from './servedModels.ts';

export interface ModelServerPlan {
  name: string;
  version: string;
  port: number;
  url: string;
  command: string;
  cwd: string;
  env: Record<string, string | undefined>;
  /** The process ended without being stopped: `lastLines` say why. */
  onCrash: (end: ProcessEnd, lastLines: string[]) => void;
}

export function startModelServer(plan: ModelServerPlan): ServedModel {
  const tail = new OutputTail();
  let process: TrackedProcess | undefined;
  let resolveEnded: (end: ProcessEnd) => void = () => undefined;
  const ended = new Promise<ProcessEnd>((resolve) => (resolveEnded = resolve));
  let stoppedBeforeStart = false;
  const pty = new LaunchTerminal(() => {
    if (stoppedBeforeStart) return;
    pty.write(`RunLens: serving ${plan.name} version ${plan.version} at ${plan.url}\n$ ${plan.command}\n`);
    process = new TrackedProcess({
      command: plan.command, cwd: plan.cwd, env: plan.env,
      onOutput: (text) => {
        pty.write(text);
        tail.push(text);
      },
    });
    pty.attach(process);
    void process.ended.then((end) => {
      pty.finished(`RunLens: the model server ${end.stopped ? 'was stopped' : 'ended'}${end.code !== null ? ` (exit code ${end.code})` : ''}.`);
      if (!end.stopped) plan.onCrash(end, tail.last(8));
      resolveEnded(end);
    });
  });
  const terminal = vscode.window.createTerminal({ name: `Serve ${plan.name} v${plan.version}`, pty, iconPath: new vscode.ThemeIcon('server-process') });
  terminal.show(true);
  return {
    name: plan.name, version: plan.version, port: plan.port, url: plan.url, ended,
    get pid() {
      return process?.pid;
    },
    stop: async () => {
      // Not started yet (the terminal never opened): closing it is all there is to stop.
      if (!process) {
        stoppedBeforeStart = true;
        terminal.dispose();
        resolveEnded({ code: null, signal: null, stopped: true });
        return ended;
      }
      return process.stop();
    },
    reveal: () => terminal.show(),
  };
}
