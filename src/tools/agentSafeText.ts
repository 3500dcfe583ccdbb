// What an agent may see of a store's text: no credentials in URLs, no values of secret-looking
// keys, workspace paths relative to the workspace, the home folder as ~, and no string so long it
// crowds out the rest. Applied to every answer by runTool, so a tool cannot forget it.
import os from 'node:os';

/** Longest string kept whole; longer ones say how much was cut. */
export const STRING_LIMIT = 2000;
const SECRET_KEY = /(pass(word)?|secret|token|api[_-]?key|credential|private[_-]?key)/iu;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s@/]+@/giu;

export interface SafeTextOptions {
  workspaceRoot?: string;
  home?: string;
}

function withoutPrefix(text: string, prefix: string | undefined, replacement: string): string {
  if (!prefix || prefix.length < 2) return text;
  const trimmed = prefix.replace(/[\\/]+$/u, '');
  return text.split(`file://${trimmed}`).join(replacement).split(trimmed).join(replacement);
}

export function safeString(text: string, options: SafeTextOptions = {}): string {
  let safe = text.replace(URL_CREDENTIALS, '$1');
  safe = withoutPrefix(safe, options.workspaceRoot, '.');
  safe = withoutPrefix(safe, options.home ?? os.homedir(), '~');
  if (safe.length > STRING_LIMIT) safe = `${safe.slice(0, STRING_LIMIT)}… (${safe.length - STRING_LIMIT} more characters)`;
  return safe;
}

/** Whether a param or tag key names a secret; its value is then never shown. */
export const isSecretKey = (key: string): boolean => SECRET_KEY.test(key);

/**
 * A deep copy with every string made safe. Objects with `key` and `value` (params, tags) and plain
 * records hide the values of secret-looking keys.
 */
export function safeData(data: unknown, options: SafeTextOptions = {}): unknown {
  if (typeof data === 'string') return safeString(data, options);
  if (Array.isArray(data)) return data.map((item) => safeData(item, options));
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (typeof record.key === 'string' && 'value' in record && isSecretKey(record.key)) return { ...record, value: '(hidden: secret-looking key)' };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      out[safeString(key, options)] = isSecretKey(key) && typeof value === 'string' ? '(hidden: secret-looking key)' : safeData(value, options);
    }
    return out;
  }
  return data;
}
