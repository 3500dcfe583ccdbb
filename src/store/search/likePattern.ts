// SQL LIKE patterns (`%` any run, `_` one character, no escape character) as MLflow uses them.

/**
 * A RegExp with MLflow's in-memory LIKE semantics: matched from the start (Python's re.match),
 * anchored at the end unless the pattern ends with `%`, `.` not crossing newlines (no DOTALL).
 */
export function likeToRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let compiled = compiledPatterns.get(key);
  if (!compiled) {
    if (compiledPatterns.size > 256) compiledPatterns.clear();
    compiledPatterns.set(key, (compiled = compileLike(pattern, caseInsensitive)));
  }
  return compiled;
}

// Searches evaluate one pattern against many rows: compile it once.
const compiledPatterns = new Map<string, RegExp>();

function compileLike(pattern: string, caseInsensitive: boolean): RegExp {
  let body = '';
  for (const ch of pattern) {
    if (ch === '%') body += '.*';
    else if (ch === '_') body += '.';
    else body += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const source = `^${body}${pattern.endsWith('%') ? '' : '$'}`;
  return new RegExp(source, caseInsensitive ? 'iu' : 'u');
}

/**
 * The same pattern as a SQLite GLOB, which is case-sensitive without needing
 * `PRAGMA case_sensitive_like` (MLflow sets that pragma on every session; our connections don't).
 */
export function likeToGlob(pattern: string): string {
  let glob = '';
  for (const ch of pattern) {
    if (ch === '%') glob += '*';
    else if (ch === '_') glob += '?';
    else if (ch === '*' || ch === '?' || ch === '[') glob += `[${ch}]`;
    else glob += ch;
  }
  return glob;
}
