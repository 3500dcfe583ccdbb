// The `mlflow.modelVersions` tag mlflow.register_model keeps on a logged model: a JSON list of
// the registered versions made from it, appended to on each registration. No vscode import.

export const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

/** JSON the way Python's json.dumps writes it by default: ', ' and ': ' separators, ASCII only. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(value) ?? 'null';
}

/**
 * The tag's new value once version `version` of `name` was registered from the logged model.
 * Versions are numbers, as a local mlflow writes them; an unreadable old value starts a new list.
 */
export function appendModelVersionLink(existing: string | undefined, name: string, version: string): string {
  let links: unknown[] = [];
  if (existing) {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (Array.isArray(parsed)) links = parsed;
    } catch {
      links = [];
    }
  }
  const number = Number(version);
  return pythonJson([...links, { name, version: Number.isSafeInteger(number) ? number : version }]);
}
