// Another process holding mlflow.db's write lock, as a training script in a long transaction or
// `mlflow gc` would: `BEGIN IMMEDIATE` in a child process, held until released or `ms` passed.
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ForeignLock {
  /** Ends the transaction now (the child rolls back and exits). */
  release(): Promise<void>;
  /** Resolves when the child has let go, by release() or its own timer. */
  released: Promise<void>;
}

const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
const end = () => { try { db.exec('ROLLBACK'); db.close(); } finally { process.exit(0); } };
setTimeout(end, Number(process.argv[2]));
process.stdin.on('data', end);
process.stdin.on('end', end);
`;

/** Resolves once the lock is held; `repoRoot` is where better-sqlite3 resolves from. */
export function holdWriteLock(dbFile: string, ms: number, repoRoot: string): Promise<ForeignLock> {
  const child = spawn(process.execPath, ['-e', HOLDER, path.resolve(dbFile), String(ms)], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void released.then(() => reject(new Error('the lock holder exited before taking the lock')));
    child.stdout.once('data', () => resolve({
      released,
      release: () => {
        child.stdin.end();
        return released;
      },
    }));
  });
}
