/**
 * Decimal helpers reproducing the XPath 2.0 arithmetic the official
 * Schematron uses. Amounts never go through binary floats.
 */
import Decimal from 'decimal.js';
import { isDecimalText } from './datatypes';

/** A private Decimal constructor so global configuration by others cannot change our semantics. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = Decimal;

export const ZERO: Decimal = new Dec(0);
export const ONE: Decimal = new Dec(1);
export const HUNDRED: Decimal = new Dec(100);

/**
 * Parse text as xs:decimal. Returns undefined when the text is not a decimal
 * (exponents, commas, NaN and empty strings are rejected like xs:decimal does; so are
 * numbers with more digits than the engine computes exactly, see MAX_DECIMAL_DIGITS).
 */
export function parseDecimal(text: string | undefined): Decimal | undefined {
  if (text === undefined) return undefined;
  const known = BY_TEXT.get(text);
  if (known !== undefined) return known;
  if (!isDecimalText(text)) return undefined;
  const value = new Dec(text.trim());
  if (BY_TEXT.size >= MAX_REMEMBERED) BY_TEXT.clear();
  BY_TEXT.set(text, value);
  return value;
}

/**
 * Decimals already parsed, by their text: amounts, rates and quantities repeat within and across
 * invoices (0.00, 25, 100.00), and decimal.js values are immutable, so one value serves every
 * occurrence. Bounded: emptied when full.
 */
const BY_TEXT = new Map<string, Decimal>();
const MAX_REMEMBERED = 4096;

/**
 * XPath round(): nearest integer, halves go towards positive infinity
 * (round(2.5) = 3, round(-2.5) = -2).
 */
export function xpathRound(value: Decimal): Decimal {
  return value.toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL);
}

/**
 * `value > 0` and `value >= 0` from the sign and the first digit (decimal.js's gt / gte make a
 * Decimal of their argument on every call); the engine's decimals are finite (parseDecimal).
 */
export function isAboveZero(value: Decimal): boolean {
  return value.isPositive() && !value.isZero();
}

export function isZeroOrAbove(value: Decimal): boolean {
  return value.isZero() || value.isPositive();
}

const HALF: Decimal = new Dec('0.5');
const MINUS_HALF: Decimal = new Dec('-0.5');

/**
 * `xpathRound(value).isZero()` without making the rounded value: round() gives 0 exactly for
 * -0.5 <= value < 0.5 (halves go towards positive infinity: round(-0.5) = 0, round(0.5) = 1).
 */
export function roundsToZero(value: Decimal): boolean {
  return value.gte(MINUS_HALF) && value.lt(HALF);
}

/** The Schematron idiom `round(x * 10 * 10) div 100`: two decimals, halves towards +infinity. */
export function round2(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_CEIL);
}

/** Sum of decimals; an empty list sums to 0 like XPath sum(()). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * Number of characters after the first '.', as the BR-DEC rules count them
 * with string-length(substring-after(., '.')). Trailing zeros count.
 */
export function fractionDigits(text: string | undefined): number {
  if (text === undefined) return 0;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
