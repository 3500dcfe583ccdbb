// The integrated terminal of a launch: a pseudoterminal that shows the process's output, passes
// typed input to it, and ends the process when the user closes the terminal.
import * as vscode from 'vscode';
import type { TrackedProcess } from './trackedProcess.ts';

export class LaunchTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private process: TrackedProcess | undefined;
  private pending: string[] = [];
  private opened = false;
  private readonly onOpen: () => void;

  /** `onOpen` starts the process once the terminal can show its output. */
  constructor(onOpen: () => void) {
    this.onOpen = onOpen;
  }

  attach(process: TrackedProcess): void {
    this.process = process;
  }

  /** Terminal text needs CRLF line ends. */
  write(text: string): void {
    const converted = text.replace(/\r?\n/gu, '\r\n');
    if (this.opened) this.writeEmitter.fire(converted);
    else this.pending.push(converted);
  }

  open(): void {
    this.opened = true;
    for (const text of this.pending.splice(0)) this.writeEmitter.fire(text);
    this.onOpen();
  }

  handleInput(data: string): void {
    // Ctrl-C stops the run the way Stop Run does; everything else is the script's input.
    if (data === '\u0003') void this.process?.stop();
    else this.process?.write(data === '\r' ? '\n' : data);
  }

  close(): void {
    this.process?.kill();
  }

  /** The process ended: keep the output on screen until the user closes the terminal. */
  finished(message: string): void {
    this.write(`\n${message}\n`);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
