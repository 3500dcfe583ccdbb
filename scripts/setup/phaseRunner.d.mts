export interface PhaseOutcome { detail?: string; reused?: boolean; skipped?: boolean }
export interface Phase { name: string; logFile?: string; run(context: { logFile: string }): Promise<PhaseOutcome | void> | PhaseOutcome | void }
export interface PhaseResult { name: string; logFile: string; ms: number; detail?: string; reused: boolean; skipped: boolean }
export class PhaseFailure extends Error {
  readonly phase: string;
  readonly logFile: string;
}
export function formatSeconds(ms: number): string;
export function logTail(file: string, lines?: number): string;
export function runPhases(phases: Phase[], options: { logDir: string; say: (line: string) => void; now?: () => number }): Promise<PhaseResult[]>;
