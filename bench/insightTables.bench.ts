// Issue 15, table artifacts: a 1M-row CSV opened the RunLens way (the table worker streams it and
// the first rows are posted as soon as the first chunk is read) beside the naive way (the host
// reads and parses the whole file on its own thread before it can show anything). Each way runs in
// a fresh child process standing in for the extension host, so its peak RSS (worker threads
// included) is its own. Figures: time to first rows (goal < 1 s), time until the whole file is in,
// the host thread's longest stall, and peak RSS.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { TableHostMessage } from '../src/shared/tableProtocol.ts';
import { parseDelimitedTable } from '../src/shared/tableParsing.ts';
import { startTableWorker } from '../src/tables/tableWorker.ts';

const ROWS = 1_000_000;
const FIRST_WINDOW = 50;
const GOAL_FIRST_ROWS_MS = 1000;

interface Figures {
  firstRowsMs: number;
  allRowsMs: number;
  hostMaxStallMs: number;
  peakRssMb: number;
}

function writeCsv(file: string): void {
  const lines = ['id,label,score,split'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},row-${i},${((i * 7919) % 1_000_003) / 1000},${['train', 'test', 'valid'][i % 3]}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
}

async function measure(way: string, file: string): Promise<Figures> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  let firstRowsMs = 0;
  let allRowsMs = 0;
  if (way === 'worker') {
    await new Promise<void>((resolve, reject) => {
      const worker = startTableWorker(file, 'csv', (message: TableHostMessage) => {
        if (message.type === 'columns') worker.send({ type: 'rows', queryId: 0, start: 0, count: FIRST_WINDOW });
        if (message.type === 'rows' && message.rows.length > 0 && firstRowsMs === 0) firstRowsMs = performance.now() - started;
        if (message.type === 'progress' && message.done) {
          allRowsMs = performance.now() - started;
          void worker.close().then(resolve);
        }
        if (message.type === 'error') reject(new Error(message.message));
      });
    });
  } else {
    const table = parseDelimitedTable(await readFile(file, 'utf8'));
    const first = table.rows.slice(0, FIRST_WINDOW);
    if (first.length !== FIRST_WINDOW || table.rows.length !== ROWS) throw new Error('the naive parse lost rows');
    firstRowsMs = allRowsMs = performance.now() - started;
  }
  // A stall is recorded when the delayed timer finally runs: let it run before reading the histogram.
  await new Promise((resolve) => setTimeout(resolve, 20));
  delay.disable();
  return { firstRowsMs, allRowsMs, hostMaxStallMs: delay.max / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

const [mode, way, file] = process.argv.slice(2);
if (mode === '--child') {
  process.stdout.write(JSON.stringify(await measure(way, file)));
} else {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-tables-'));
  try {
    const file = path.join(folder, 'predictions.csv');
    writeCsv(file);
    const self = fileURLToPath(import.meta.url);
    const run = (w: string): Figures => JSON.parse(execFileSync(process.execPath, ['--disable-warning=ExperimentalWarning', self, '--child', w, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Figures;
    // Naive first, then RunLens, then both again: the better of two runs each, against a cold disk cache on neither.
    const naive = [run('naive'), run('naive')];
    const worker = [run('worker'), run('worker')];
    const best = (runs: Figures[]) => runs.reduce((a, b) => (b.firstRowsMs < a.firstRowsMs ? b : a));
    const rows: [string, Figures][] = [['RunLens: table worker, streamed', best(worker)], ['naive: whole file parsed on the host thread', best(naive)]];
    console.log(`1M-row CSV (${ROWS.toLocaleString('en-US')} rows, ${(Buffer.byteLength(await readFile(file)) / 1e6).toFixed(1)} MB), best of 2 runs each`);
    console.log('way'.padEnd(46), 'first rows'.padStart(11), 'all rows'.padStart(10), 'host stall'.padStart(11), 'peak RSS'.padStart(10));
    for (const [label, f] of rows) {
      console.log(label.padEnd(46), `${f.firstRowsMs.toFixed(0)} ms`.padStart(11), `${f.allRowsMs.toFixed(0)} ms`.padStart(10), `${f.hostMaxStallMs.toFixed(0)} ms`.padStart(11), `${f.peakRssMb.toFixed(0)} MB`.padStart(10));
    }
    const ours = best(worker);
    console.log(`time to first rows: ${ours.firstRowsMs.toFixed(0)} ms (goal < ${GOAL_FIRST_ROWS_MS} ms) — ${(best(naive).firstRowsMs / ours.firstRowsMs).toFixed(1)}× sooner than the naive way; ${ours.firstRowsMs < GOAL_FIRST_ROWS_MS ? 'met' : 'MISSED'}`);
    if (ours.firstRowsMs >= GOAL_FIRST_ROWS_MS) process.exitCode = 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
