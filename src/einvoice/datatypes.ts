/**
 * Lexical checks of the XSD datatypes the engine reads (dates, decimals, codes). Shared by the
 * XML datatype pass and by readers of other inputs (canonical JSON), so one definition decides
 * what a date or a number is everywhere.
 */

/** Most digits a decimal may have: the engine computes exactly with 40 significant digits. */
export const MAX_DECIMAL_DIGITS = 40;

// xs:decimal lexical space: optional sign, digits with optional fraction, surrounding whitespace allowed.
const DECIMAL_LEXICAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CII_102 = /^(\d{4})(\d{2})(\d{2})$/;
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

function calendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** xs:date as EN 16931 uses it: YYYY-MM-DD naming a real calendar day (no time zone). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return m !== null && calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** CII udt:DateTimeString format 102: YYYYMMDD naming a real calendar day. */
export function isCii102Date(text: string): boolean {
  const m = CII_102.exec(text);
  return m !== null && calendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The token shape of a code (currency, country, VAT category, unit). */
export function isCodeToken(text: string): boolean {
  return CODE_TOKEN.test(text);
}
