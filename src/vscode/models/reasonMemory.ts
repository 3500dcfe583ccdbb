// The optional "why" of a stage transition or alias move, asked in an input box that offers the
// reason last given for the same model (kept in the workspace's state).
import * as vscode from 'vscode';
import { encodeAuditEvent } from '../../store/audit/auditEvent.ts';

export class ReasonMemory {
  private readonly state: vscode.Memento;

  constructor(state: vscode.Memento) {
    this.state = state;
  }

  /** The reason ('' when the user gave none), or undefined when the prompt was dismissed. */
  async ask(modelName: string, title: string): Promise<string | undefined> {
    const key = `runlens.auditReason.${modelName}`;
    const reason = await vscode.window.showInputBox({
      title,
      prompt: 'Optional: recorded in the model\'s audit trail with your name and the time. Enter to continue.',
      placeHolder: 'e.g. passed offline evaluation on the March data',
      value: this.state.get<string>(key, ''),
      validateInput: reasonProblem,
    });
    if (reason === undefined) return undefined;
    const trimmed = reason.trim();
    await this.state.update(key, trimmed || undefined);
    return trimmed;
  }
}

/** A reason too long for one audit tag, said while typing (the store refuses it anyway). */
export function reasonProblem(reason: string): string | undefined {
  try {
    encodeAuditEvent({ time: Date.now(), user: '', action: 'stage', version: '9999999999', from: 'Production', to: 'Production', reason: reason.trim() });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
