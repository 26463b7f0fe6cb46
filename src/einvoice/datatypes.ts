/**
 * Lexical checks of the XSD datatypes the engine reads (dates, decimals, codes). Shared by the
 * XML datatype pass and by readers of other inputs (canonical JSON), so one definition decides
 * what a date or a number is everywhere.
 */

/** Most digits a decimal may have: the engine computes exactly with 40 significant digits. */
export const MAX_DECIMAL_DIGITS = 40;

// xs:decimal lexical space: optional sign, digits with optional fraction, surrounding whitespace allowed.
const DECIMAL_LEXICAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** xs:decimal without exponent or comma, at most MAX_DECIMAL_DIGITS digits (surrounding whitespace ignored). */
export function isDecimalText(text: string): boolean {
  const plain = plainDecimal(text);
  if (plain === false || (plain === undefined && !DECIMAL_LEXICAL.test(text))) return false;
  // Only a long text can hold too many digits; amounts are short, so this is rarely counted.
  if (text.length <= MAX_DECIMAL_DIGITS) return true;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits <= MAX_DECIMAL_DIGITS;
}

/** Days per month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * DECIMAL_LEXICAL for a text of the characters 0-9 + - . only (amounts as written): true or false
 * without the regular expression; undefined for any other text (white space around it, anything
 * else), which the expression decides.
 */
function plainDecimal(text: string): boolean | undefined {
  const n = text.length;
  let i = 0;
  if (n > 0) {
    const c = text.charCodeAt(0);
    if (c === 43 || c === 45) i = 1; // + -
  }
  let before = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    before++;
    i++;
  }
  let dot = false;
  let after = 0;
  if (i < n && text.charCodeAt(i) === 46) {
    dot = true;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      after++;
      i++;
    }
  }
  if (i < n) {
    // Another character: a sign or dot out of place is no decimal; anything else, the expression decides.
    for (let k = i; k < n; k++) {
      const c = text.charCodeAt(k);
      if (!(c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57))) return undefined;
    }
    return false;
  }
  return before > 0 || (dot && after > 0);
}

/**
 * Codes are tokens: letters, digits and a few separators, no whitespace inside, i.e.
 * `^[A-Za-z0-9][A-Za-z0-9._:-]{0,34}$`, read by character code.
 */
function codeToken(text: string): boolean {
  const n = text.length;
  if (n < 1 || n > 35) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum) continue;
    if (i === 0 || !(c === 46 || c === 95 || c === 58 || c === 45)) return false;
  }
  return true;
}

function calendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]);
}

/** The number the ASCII digits of text[from, to) write, -1 when one is not a digit 0-9 (as `\d`). */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/**
 * xs:date as EN 16931 uses it: YYYY-MM-DD naming a real calendar day (no time zone). Read by
 * character code, no regular expression nor match array (the same as `^(\d{4})-(\d{2})-(\d{2})$`).
 */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && calendarDay(year, month, day);
}

/** CII udt:DateTimeString format 102: YYYYMMDD naming a real calendar day (`^(\d{4})(\d{2})(\d{2})$`). */
export function isCii102Date(text: string): boolean {
  if (text.length !== 8) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 4, 6);
  const day = digitsAt(text, 6, 8);
  return year >= 0 && month >= 0 && day >= 0 && calendarDay(year, month, day);
}

/** The token shape of a code (currency, country, VAT category, unit). */
export function isCodeToken(text: string): boolean {
  return codeToken(text);
}
