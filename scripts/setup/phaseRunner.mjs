// Runs set-up phases in order and prints one line per phase with its time. A phase's own output
// goes to its log file, never to the console, so a failure can name the phase and the file to read.
// Plain JS with no dependencies: the machine's Node 20 runs it before Node 22 or npm packages exist.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class PhaseFailure extends Error {
  constructor(phase, logFile, cause) {
    super(`${phase} failed: ${cause instanceof Error ? cause.message : String(cause)} (log: ${logFile})`, { cause });
    this.name = 'PhaseFailure';
    this.phase = phase;
    this.logFile = logFile;
  }
}

export const formatSeconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The last lines of a log, indented, for the console after a failure. */
export function logTail(file, lines = 20) {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text ? text.split('\n').slice(-lines).map((line) => `    ${line}`).join('\n') : '';
  } catch {
    return '';
  }
}

/**
 * Runs `phases` (`{ name, logFile?, run({ logFile }) → { detail, reused?, skipped? } }`) one after
 * another; each log starts empty (`<logDir>/<name>.log` unless the phase names its own). Prints
 * `✓ name detail (reused) 0.1 s`, or `– name detail` for a skipped phase. On the first failure it
 * prints the phase, its log path and the log's tail, and throws a PhaseFailure; later phases do not run.
 */
export async function runPhases(phases, { logDir, say, now = Date.now }) {
  const results = [];
  for (const phase of phases) {
    const logFile = phase.logFile ?? path.join(logDir, `${phase.name}.log`);
    mkdirSync(path.dirname(logFile), { recursive: true });
    writeFileSync(logFile, '');
    const began = now();
    let outcome;
    try {
      outcome = (await phase.run({ logFile })) ?? {};
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      say(`✗ ${phase.name} failed after ${formatSeconds(now() - began)}: ${message}`);
      say(`  its log: ${logFile}`);
      const tail = logTail(logFile);
      if (tail) say(tail);
      throw new PhaseFailure(phase.name, logFile, error);
    }
    const ms = now() - began;
    const mark = outcome.skipped ? '–' : '✓';
    const words = [mark, phase.name, outcome.detail, outcome.reused ? '(reused)' : undefined, formatSeconds(ms)];
    say(words.filter(Boolean).join(' '));
    results.push({ name: phase.name, logFile, ms, detail: outcome.detail, reused: Boolean(outcome.reused), skipped: Boolean(outcome.skipped) });
  }
  return results;
}
