// The last lines a process printed, kept so a crash can be reported with them. No vscode import.
import { stripAnsi } from '../../launch/launchCommand.ts';

export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';
  private readonly keep: number;

  constructor(keep = 20) {
    this.keep = keep;
  }

  push(text: string): void {
    const parts = (this.partial + stripAnsi(text)).split(/\r?\n|\r/u);
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.keep) this.lines.splice(0, this.lines.length - this.keep);
  }

  /** Up to `count` last non-blank lines, the unfinished one included. */
  last(count: number): string[] {
    return [...this.lines, this.partial].filter((line) => line.trim()).slice(-count);
  }
}
