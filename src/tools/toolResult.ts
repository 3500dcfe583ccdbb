// The text an agent receives: the summary line, then compact JSON, never more than
// RESULT_CHAR_LIMIT characters. What does not fit is cut from the longest lists first and the
// answer says what was cut, so the model knows to ask for less or for details.

/** About 4,000 tokens: room for several answers in a small context. */
export const RESULT_CHAR_LIMIT = 16_000;

interface Cut {
  path: string;
  kept: number;
  of: number;
}

/** The longest array in `value` by serialized size, with its path. */
function longestArray(value: unknown, path: string): { path: string; array: unknown[]; size: number } | undefined {
  let best: { path: string; array: unknown[]; size: number } | undefined;
  const visit = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      const size = JSON.stringify(node).length;
      if (node.length > 1 && (!best || size > best.size)) best = { path: at, array: node, size };
      node.forEach((item, i) => visit(item, `${at}[${i}]`));
    } else if (node && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) visit(item, at ? `${at}.${key}` : key);
    }
  };
  visit(value, path);
  return best;
}

/** Cuts the longest lists in place, halving each time, until the JSON fits `limit`. */
function fitData(data: unknown, limit: number): Cut[] {
  const cuts = new Map<string, Cut>();
  for (let round = 0; round < 60 && JSON.stringify(data).length > limit; round++) {
    const longest = longestArray(data, '');
    if (!longest) break;
    const keep = Math.ceil(longest.array.length / 2);
    const cut = cuts.get(longest.path) ?? { path: longest.path || '(list)', kept: 0, of: longest.array.length };
    longest.array.splice(keep);
    cut.kept = keep;
    cuts.set(longest.path, cut);
  }
  return [...cuts.values()];
}

/** The answer as text: summary, a note of any cuts, then the data as compact JSON. */
export function renderAnswer(summary: string, data: unknown, limit = RESULT_CHAR_LIMIT): string {
  if (data === undefined) return summary.slice(0, limit);
  const copy = JSON.parse(JSON.stringify(data)) as unknown;
  const cuts = fitData(copy, limit - summary.length - 400);
  const note = cuts.length ? `\nCut to fit the size limit: ${cuts.map((c) => `${c.path} ${c.kept} of ${c.of}`).join('; ')}. Ask for fewer items for the rest.` : '';
  const text = `${summary}${note}\n${JSON.stringify(copy)}`;
  return text.length <= limit ? text : `${text.slice(0, limit - 40)}… (cut at ${limit} characters)`;
}
