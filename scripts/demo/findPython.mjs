// The Python that can run examples/: the repo's venv first, then python3 on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// examples/ import mlflow and scikit-learn everywhere, matplotlib in artifacts.py.
const PROBE = 'import mlflow, sklearn, matplotlib; print(mlflow.__version__)';

function probe(python) {
  const result = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
  if (result.status !== 0) return undefined;
  return result.stdout.trim().split('\n').pop();
}

/**
 * `{ python, mlflowVersion }` for the first interpreter that imports mlflow, scikit-learn and
 * matplotlib, or `{ tried }` naming the ones that could not.
 */
export function findExamplesPython(repoRoot) {
  const candidates = [path.join(repoRoot, '.tools', 'venv', 'bin', 'python'), 'python3'];
  const tried = [];
  for (const python of candidates) {
    if (path.isAbsolute(python) && !existsSync(python)) continue;
    const mlflowVersion = probe(python);
    if (mlflowVersion) return { python, mlflowVersion };
    tried.push(path.isAbsolute(python) ? path.relative(repoRoot, python) : python);
  }
  return { tried };
}
