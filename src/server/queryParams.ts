// Query strings decoded as mlflow 3.18's server (werkzeug) decodes them: '&'-separated, '+' is a
// space, and percent-escapes that are not UTF-8 stay as upper-case escapes ("%ff" is the name
// "%FF"), where URLSearchParams would put U+FFFD in their place and make different names collide.

/** Length of the well-formed UTF-8 sequence at `at` (no overlongs, surrogates or > U+10FFFF), or 0. */
function utf8SequenceAt(bytes: Uint8Array, at: number): number {
  const b0 = bytes[at];
  if (b0 < 0x80) return 1;
  const continuation = (i: number, low = 0x80, high = 0xbf) => at + i < bytes.length && bytes[at + i] >= low && bytes[at + i] <= high;
  if (b0 >= 0xc2 && b0 <= 0xdf) return continuation(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [low, high] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [low, high] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

/** Decodes bytes as UTF-8, writing each byte that is not part of a valid sequence as %XX. */
function decodeRequoting(bytes: Uint8Array): string {
  let out = '';
  let validFrom = 0;
  const decoder = new TextDecoder();
  for (let i = 0; i < bytes.length;) {
    const length = utf8SequenceAt(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += decoder.decode(bytes.subarray(validFrom, i)) + `%${bytes[i].toString(16).toUpperCase().padStart(2, '0')}`;
    validFrom = ++i;
  }
  return out + decoder.decode(bytes.subarray(validFrom));
}

/** Percent-decodes one query component as Python's unquote(…, errors="werkzeug.url_quote") does. */
export function decodeQueryComponent(raw: string): string {
  return raw.replaceAll('+', ' ').replace(/(?:%[0-9A-Fa-f]{2})+/gu, (escapes) => decodeRequoting(Buffer.from(escapes.replaceAll('%', ''), 'hex')));
}

/** A URL's query (with or without its leading '?') as URLSearchParams holding werkzeug's values. */
export function queryParams(search: string): URLSearchParams {
  const params = new URLSearchParams();
  for (const pair of search.replace(/^\?/u, '').split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const [key, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    params.append(decodeQueryComponent(key), decodeQueryComponent(value));
  }
  return params;
}
