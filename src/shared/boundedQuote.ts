// Client-supplied text quoted in an error message: escaped (no control characters reach logs or
// terminals) and cut short, so one hostile request cannot make an error as big as itself.

const MAX_QUOTED_CHARS = 300;

/** `value` JSON-escaped without its quotes, at most 300 characters then an ellipsis. */
export function boundedQuote(value: string): string {
  // Cut before escaping too: escaping a multi-megabyte string only to drop most of it is waste.
  const shown = JSON.stringify(value.length > MAX_QUOTED_CHARS ? value.slice(0, MAX_QUOTED_CHARS + 1) : value).slice(1, -1);
  return shown.length > MAX_QUOTED_CHARS ? `${shown.slice(0, MAX_QUOTED_CHARS)}…` : shown;
}

/** Any JSON value as it would be quoted in an error: strings in double quotes, others as JSON, both bounded. */
export function boundedJson(value: unknown): string {
  if (typeof value === 'string') return `"${boundedQuote(value)}"`;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}

/** Longest error message the server sends; a safety net for messages that quote a value unbounded. */
export const MAX_ERROR_MESSAGE_CHARS = 1000;

/** An error message cut to MAX_ERROR_MESSAGE_CHARS, keeping its start (which says what went wrong). */
export function boundedMessage(message: string): string {
  return message.length > MAX_ERROR_MESSAGE_CHARS ? `${message.slice(0, MAX_ERROR_MESSAGE_CHARS)}… (${message.length - MAX_ERROR_MESSAGE_CHARS} more characters)` : message;
}
