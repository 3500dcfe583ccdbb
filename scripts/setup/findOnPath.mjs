// The first executable named `command` on PATH, or undefined.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export function findOnPath(command, searchPath = process.env.PATH ?? '') {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, command);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
