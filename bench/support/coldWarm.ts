// How bench:store and bench:tree put RunLens beside MLflow: a cold pair (each side's first ask)
// and a warm pair (the same number of asks after it), never one side's warm against the other's
// cold, each with its ratio.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';

/** What one side measured, in the shape bench/py/search_runs_timing.py prints. */
export interface ColdWarm {
  cold_construct_ms: number;
  cold_first_ms: number;
  warm_ms: number[];
  first_run_ids: string[];
  run_ids: string[];
}

/** The median (the lower middle one for an even count), the same rule for both sides. */
export function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Reads `file` (and its -wal / -shm) once, untimed, so the OS page cache holds it for whichever side asks next. */
export function warmPageCache(file: string): void {
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(name)) continue;
    const fd = openSync(name, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(11);

/** "RunLens 12.3x faster" or "RunLens 1.4x slower": how RunLens's time compares with MLflow's. */
export function ratio(ours: number, theirs: number): string {
  return theirs >= ours ? `RunLens ${(theirs / ours).toFixed(1)}x faster` : `RunLens ${(ours / theirs).toFixed(1)}x slower`;
}

/** One labelled row: RunLens's time, MLflow's time and (when compared) the ratio. */
export function pairLine(label: string, ours: number, theirs: number, compared = true): string {
  return `    ${label.padEnd(22)} RunLens ${ms(ours)}   MLflow ${ms(theirs)}   ${compared ? ratio(ours, theirs) : '(shown, not compared)'}`;
}

/** The cold and warm pairs, labelled; `labels` say what each side's construction and first ask are. */
export function printColdWarm(ours: ColdWarm, theirs: ColdWarm, labels: { construct: string; first: string }): void {
  const n = ours.warm_ms.length;
  if (theirs.warm_ms.length !== n) throw new Error(`unequal repeats: RunLens ${n}, MLflow ${theirs.warm_ms.length}`);
  console.log('  COLD (each side\'s first ask, empty caches; the ratio compares the first ask only):');
  console.log(pairLine(labels.construct, ours.cold_construct_ms, theirs.cold_construct_ms, false));
  console.log(pairLine(labels.first, ours.cold_first_ms, theirs.cold_first_ms));
  console.log(`  WARM (the ${n} asks right after the first, ${n} for each side):`);
  console.log(pairLine(`p50 of ${n}`, p50(ours.warm_ms), p50(theirs.warm_ms)));
  console.log(pairLine(`min of ${n}`, Math.min(...ours.warm_ms), Math.min(...theirs.warm_ms)));
}
