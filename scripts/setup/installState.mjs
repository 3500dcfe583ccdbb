// Is node_modules what package-lock.json asks for? npm 7+ leaves its own record of what it
// installed in node_modules/.package-lock.json; comparing the two needs no marker of ours, so an
// install made by hand or by CI counts as current too.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const readPackages = (file) => JSON.parse(readFileSync(file, 'utf8')).packages ?? {};

/**
 * `{ current: true, packages }` when every package of the lock is installed at its version (optional
 * ones may be missing: other platforms' binaries) and nothing else is; otherwise
 * `{ current: false, reason }` naming the first difference.
 */
export function installState(root) {
  const lockFile = path.join(root, 'package-lock.json');
  const installedFile = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(path.join(root, 'node_modules'))) return { current: false, reason: 'node_modules is missing' };
  if (!existsSync(installedFile)) return { current: false, reason: 'node_modules has no .package-lock.json (not installed by npm ci)' };
  const wanted = readPackages(lockFile);
  const installed = readPackages(installedFile);
  for (const [key, entry] of Object.entries(wanted)) {
    if (key === '') continue; // the project itself
    const have = installed[key];
    if (!have) {
      if (entry.optional || entry.devOptional) continue;
      return { current: false, reason: `${key} is not installed` };
    }
    if (have.version !== entry.version) return { current: false, reason: `${key} is ${have.version}, the lock asks for ${entry.version}` };
  }
  for (const key of Object.keys(installed)) {
    if (!(key in wanted)) return { current: false, reason: `${key} is installed but not in package-lock.json` };
  }
  return { current: true, packages: Object.keys(installed).length };
}
