// The training process of a launch: a shell command in its own process group, so a stop reaches
// the script and everything it started. Reports output and how it ended. No vscode.
import { spawn, type ChildProcess } from 'node:child_process';
import type { RunStatus } from '../../shared/entities.ts';

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when RunLens stopped it (Stop Run or the terminal closed). */
  stopped: boolean;
}

/** The run status a process end means, when the script left its run RUNNING. */
export function statusForEnd(end: ProcessEnd): RunStatus {
  if (end.stopped || end.signal) return 'KILLED';
  return end.code === 0 ? 'FINISHED' : 'FAILED';
}

export interface TrackedProcessOptions {
  command: string;
  cwd: string;
  /** On top of process.env; an undefined value removes the variable. */
  env: Record<string, string | undefined>;
  onOutput: (text: string) => void;
  /** How long a stop waits after SIGINT before SIGTERM (and after that, SIGKILL). */
  graceMs?: number;
}

export class TrackedProcess {
  private readonly child: ChildProcess;
  private stopping = false;
  private readonly graceMs: number;
  readonly ended: Promise<ProcessEnd>;

  constructor(options: TrackedProcessOptions) {
    this.graceMs = options.graceMs ?? 5000;
    const windows = process.platform === 'win32';
    this.child = spawn(options.command, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      shell: true,
      detached: !windows,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child.stdout?.setEncoding('utf8').on('data', options.onOutput);
    this.child.stderr?.setEncoding('utf8').on('data', options.onOutput);
    this.ended = new Promise((resolve) => {
      this.child.once('error', (error) => {
        options.onOutput(`${error.message}\n`);
        resolve({ code: 127, signal: null, stopped: this.stopping });
      });
      this.child.once('close', (code, signal) => resolve({ code, signal, stopped: this.stopping }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Typed input from the terminal goes to the script's stdin. */
  write(text: string): void {
    this.child.stdin?.write(text);
  }

  private signal(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    try {
      if (process.platform === 'win32') this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGINT (the script may end its run cleanly), then SIGTERM, then SIGKILL. */
  async stop(): Promise<ProcessEnd> {
    this.stopping = true;
    this.signal('SIGINT');
    const timeout = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());
    if (await Promise.race([this.ended, timeout(this.graceMs)])) return this.ended;
    this.signal('SIGTERM');
    if (await Promise.race([this.ended, timeout(this.graceMs)])) return this.ended;
    this.signal('SIGKILL');
    return this.ended;
  }

  /** Immediate end (the terminal was closed). */
  kill(): void {
    this.stopping = true;
    this.signal('SIGTERM');
    setTimeout(() => this.signal('SIGKILL'), 1000).unref();
  }
}
