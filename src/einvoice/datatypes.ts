/**
 * Lexical checks of the XSD datatypes the engine reads (dates, decimals, codes). Shared by the
 * XML datatype pass and by readers of other inputs (canonical JSON), so one definition decides
 * what a date or a number is everywhere.
 */

/** Most digits a decimal may have: the engine computes exactly with 40 significant digits. */
export const MAX_DECIMAL_DIGITS = 40;

// xs:decimal lexical space: optional sign, digits with optional fraction, surrounding whitespace allowed.
const DECIMAL_LEXICAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;
/** Codes are tokens: letters, digits and a few separators, no whitespace inside. */
const CODE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,34}$/;

/** xs:decimal without exponent or comma, at most MAX_DECIMAL_DIGITS digits (surrounding whitespace ignored). */
export function isDecimalText(text: string): boolean {
  if (!DECIMAL_LEXICAL.test(text)) return false;
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
  return CODE_TOKEN.test(text);
}
