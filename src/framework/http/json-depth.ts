/** How deeply a JSON request body may nest objects and arrays; no API needs more than a handful. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether a JSON text nests deeper than `limit`, in one linear pass over the bytes (brackets
 * inside strings do not count). Runs before JSON.parse: a body nested 100,000 levels deep parses
 * fine, but every recursive walk after it (validation pipe, class-transformer, TypeORM's JSON
 * columns) overflows the stack.
 */
export function jsonDepthExceeds(text: Uint8Array, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

const LOWER_U = 0x75;
const ZERO = 0x30;

/**
 * Whether a JSON text holds a NUL character (`\u0000` in a string; a raw NUL byte is no JSON at
 * all). PostgreSQL's text and jsonb cannot store it, so a value with one can never be accepted:
 * refused at the edge, it is a 400 instead of a failing INSERT (or a run that can never be recorded).
 */
export function jsonHasNul(text: Uint8Array): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (!inString) {
      if (byte === QUOTE) inString = true;
    } else if (byte === BACKSLASH) {
      if (text[i + 1] === LOWER_U && text[i + 2] === ZERO && text[i + 3] === ZERO && text[i + 4] === ZERO && text[i + 5] === ZERO) return true;
      i++;
    } else if (byte === QUOTE) {
      inString = false;
    }
  }
  return false;
}
