// Runs a command with its output appended to a log file; rejects with the exit status.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

// What an outer `npm start` / `npm run` leaves in the environment that would point a nested npm
// at the outer npm's script, node and package instead of its own.
const OUTER_NPM = /^(npm_(?!config_)|npm_config_(user_agent|node_gyp|local_prefix|npm_version)$|INIT_CWD$)/u;

export function childEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OUTER_NPM.test(key)));
  return { ...env, ...extra };
}

/** Resolves when `command args` exits 0; its stdout and stderr go to logFile. */
export function runLogged(command, args, { cwd, env, logFile }) {
  const fd = openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env ?? childEnv(), stdio: ['ignore', fd, fd] });
    child.once('error', (error) => {
      closeSync(fd);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`${[command, ...args].join(' ')} exited with ${code ?? signal}`));
    });
  });
}
