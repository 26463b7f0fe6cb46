/**
 * Check-digit and format checks of the Peppol Schematron's functions (u:gln, u:mod11, ...), on
 * the identifier as normalize-space() gives it. Each follows the XPath it stands for.
 */

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48;
const INTEGER = /^[+-]?\d+$/;
const LETTERS = /^[A-Za-z]$/;

/** The digits before the last one, last first (the functions' `reverse(... substring($val, 0, $length + 1))`). */
function leadingDigitsReversed(val: string): number[] {
  const out: number[] = [];
  for (let i = val.length - 2; i >= 0; i--) out.push(digitAt(val, i));
  return out;
}

/** u:gln: GS1 check digit (weights 3, 1, 3, ... from the right). */
export function gln(val: string): boolean {
  const digits = leadingDigitsReversed(val);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += digits[i] * (1 + ((i + 1) % 2) * 2);
  return (10 - (sum % 10)) % 10 === Number(val.slice(-1));
}

/** u:mod11: weights 2..7 repeating from the right; the number must be positive. */
export function mod11(val: string): boolean {
  const digits = leadingDigitsReversed(val);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += digits[i] * ((i % 6) + 2);
  return Number(val) > 0 && (11 - (sum % 11)) % 11 === Number(val.slice(-1));
}

/** u:mod97-0208: Belgian enterprise number, characters 9-10 are 97 - (first eight mod 97). */
export function mod97be(val: string): boolean {
  const check = Number(val.slice(8, 10));
  const calculated = 97 - (Number(val.slice(0, 8)) % 97);
  return check === calculated;
}

/** u:checkCodiceIPA: six ASCII letters or digits. */
export const codiceIpa = (val: string): boolean => /^[A-Za-z0-9]{6}$/.test(val);

/** u:checkCF: Italian tax code, 16 characters in the personal pattern or 11 digits. */
export function codiceFiscale(val: string): boolean {
  if (val.length === 16) return codiceFiscale16(val);
  if (val.length === 11) return INTEGER.test(val);
  return false;
}

function codiceFiscale16(val: string): boolean {
  return (
    /^[A-Za-z]{6}$/.test(val.slice(0, 6)) &&
    INTEGER.test(val.slice(6, 8)) &&
    LETTERS.test(val.charAt(8)) &&
    INTEGER.test(val.slice(9, 11)) &&
    INTEGER.test(val.charAt(14)) &&
    LETTERS.test(val.charAt(15))
  );
}

/** u:checkPIVAseIT: an 'IT' prefixed value must be 11 digits with a valid Partita IVA check sum; others pass. */
export function partitaIvaIfItalian(val: string): boolean {
  const country = val.slice(0, 2);
  if (country !== 'IT' && country !== 'it') return true;
  const code = val.slice(2);
  return code.length === 11 && partitaIva(code) === 0;
}

/** u:checkPIVA: 1 unless an integer; otherwise the Luhn-like sum mod 10 (0 is valid). */
function partitaIva(code: string): number {
  if (!INTEGER.test(code)) return 1;
  let sum = 0;
  for (let i = 0; i < code.length; i++) {
    const d = digitAt(code, i);
    if (d < 0 || d > 9) return 1;
    sum += i % 2 === 1 ? Number('0246813579'.charAt(d)) : d;
  }
  return sum % 10;
}

/** u:abn: Australian Business Number, weighted sum (first digit minus one) mod 89. */
export function abn(val: string): boolean {
  if (val.length < 11) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  let sum = (val.charCodeAt(0) - 49) * weights[0];
  for (let i = 1; i < 11; i++) sum += digitAt(val, i) * weights[i];
  return sum % 89 === 0;
}

/** u:checkSEOrgnr: digits only, the tenth digit is the Luhn check digit of the first nine. */
export function swedishOrgNumber(val: string): boolean {
  if (!/^\d+$/.test(val)) return false;
  const main = val.slice(0, 9);
  let sum = 0;
  for (let pos = 1; pos <= main.length; pos++) {
    const d = digitAt(main, main.length - pos);
    sum += pos % 2 === 1 ? ((d * 2) % 10) + Math.floor((d * 2) / 10) : d;
  }
  const check = val.charAt(9);
  return check !== '' && (10 - (sum % 10)) % 10 === Number(check);
}

/** PEPPOL-COMMON-R042: Danish CVR, 'DK' and eight digits, or eight digits (on string(), not normalised). */
export function danishCvr(val: string): boolean {
  return (val.length === 10 && val.startsWith('DK') && /^[0-9]{8}$/.test(val.slice(2, 10))) || (val.length === 8 && /^[0-9]{8}$/.test(val));
}
