/**
 * XSD datatypes at parse time: an invalid date, decimal or code among the fields the engine reads
 * is a XSD-DATATYPE finding of the report (with location and business term), never an exception,
 * and the model's decimal is unreadable rather than rounded.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isCii102Date, isCodeToken, isDecimalText, isIsoDate } from '../../../src/einvoice/datatypes';
import { parseDocument, validateDocument } from '../../../src/einvoice';
import { CORPUS_DIR } from '../../support/corpus';

const ubl = readFileSync(path.join(CORPUS_DIR, 'examples', 'ubl', 'ubl-tc434-example1.xml'), 'utf8');
const cii = readFileSync(path.join(CORPUS_DIR, 'examples', 'cii', 'CII_example1.xml'), 'utf8');

const datatypeFindings = (xml: string) => validateDocument(xml).errors.filter((f) => f.rule === 'XSD-DATATYPE');

describe('lexical checks', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2019-13-45')).toBe(false);
    expect(isIsoDate('2019-02-30')).toBe(false); // Date.parse accepts this one
    expect(isIsoDate('2019-1-05')).toBe(false);
    expect(isIsoDate('2019-01-05Z')).toBe(false);
    expect(isCii102Date('20240229')).toBe(true);
    expect(isCii102Date('20191345')).toBe(false);
    expect(isCii102Date('2019-01-05')).toBe(false);
  });

  it('accepts xs:decimal without exponent or comma and with at most 40 digits', () => {
    for (const ok of ['0', '-12.50', '+3.', '.5', ' 7 ', '1'.repeat(40)]) expect(isDecimalText(ok)).toBe(true);
    for (const bad of ['1e400', '12,50', 'NaN', '', '1 000', '0x10', '1'.repeat(41), 'Infinity']) expect(isDecimalText(bad)).toBe(false);
  });

  it('accepts codes as tokens', () => {
    for (const ok of ['EUR', 'S', 'AE', 'C62', 'ZZZ']) expect(isCodeToken(ok)).toBe(true);
    for (const bad of ['', 'E UR', 'EUR\n', '€', 'x'.repeat(36)]) expect(isCodeToken(bad)).toBe(false);
  });

  // The checks read by character code must answer as the regular expressions that define them.
  const DECIMAL = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;
  const CODE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,34}$/;
  const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const CII_102 = /^(\d{4})(\d{2})(\d{2})$/;
  const realDay = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && y >= 1 && d <= new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 1 : 0);

  it('answers as the decimal and code expressions on every text of up to 4 characters of a mixed alphabet', () => {
    const alphabet = ['0', '7', '9', '+', '-', '.', ' ', '\t', '\n', '\u00a0', '\ufeff', 'a', 'Z', '_', ':', 'e', ','];
    const texts = [''];
    for (let length = 1, from = 0; length <= 4; length++) {
      const to = texts.length;
      for (let i = from; i < to; i++) for (const c of alphabet) texts.push(texts[i] + c);
      from = to;
    }
    texts.push('1'.repeat(40), '1'.repeat(41), `${'1'.repeat(20)}.${'2'.repeat(20)}`, `-${'9'.repeat(40)}.`, 'A'.repeat(35), 'A'.repeat(36), 'urn:cen.eu:en16931:2017');
    // Collected, then compared once (one expect per text would take most of the test's time).
    const different: string[] = [];
    for (const text of texts) {
      if (isDecimalText(text) !== (DECIMAL.test(text) && (text.match(/\d/g) ?? []).length <= 40)) different.push(`decimal ${JSON.stringify(text)}`);
      if (isCodeToken(text) !== CODE.test(text)) different.push(`code ${JSON.stringify(text)}`);
    }
    expect(texts.length).toBeGreaterThan(80_000);
    expect(different).toEqual([]);
  });

  it('answers as the date expressions with a real calendar day, for every day of years 0-2499 and their neighbours', () => {
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    const different: string[] = [];
    let checked = 0;
    for (let y = 0; y < 2500; y += y < 10 || (y > 1890 && y < 2110) ? 1 : 7) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const iso = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const cii102 = `${pad(y, 4)}${pad(m, 2)}${pad(d, 2)}`;
          checked++;
          if (isIsoDate(iso) !== (ISO_DATE.test(iso) && realDay(y, m, d))) different.push(iso);
          if (isCii102Date(cii102) !== (CII_102.test(cii102) && realDay(y, m, d))) different.push(cii102);
        }
      }
    }
    expect(checked).toBeGreaterThan(100_000);
    expect(different).toEqual([]);
    for (const text of ['2024-01-01 ', ' 2024-01-01', '2024-01-01\n', '2024/01/01', '2024-1-01', '２０２４-01-01', '20240101 ', '2024010', '202401011', '']) {
      expect([text, isIsoDate(text)]).toEqual([text, false]);
      expect([text, isCii102Date(text)]).toEqual([text, false]);
    }
  });
});

describe('XSD datatype findings', () => {
  it('reports an impossible UBL issue date at its element with the business term', () => {
    const findings = datatypeFindings(ubl.replace('<cbc:IssueDate>2015-01-09</cbc:IssueDate>', '<cbc:IssueDate>2019-13-45</cbc:IssueDate>'));
    expect(findings).toEqual([
      { rule: 'XSD-DATATYPE', severity: 'fatal', message: 'BT-2 Invoice issue date: "2019-13-45" is not a date YYYY-MM-DD', location: '/Invoice/cbc:IssueDate' },
    ]);
  });

  it('reports exponent and comma decimals, and the model holds no value for them', () => {
    const xml = ubl
      .replace('<cbc:PayableAmount currencyID="EUR">250.33</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">1e400</cbc:PayableAmount>')
      .replace(/(<cbc:TaxInclusiveAmount currencyID="EUR">)[^<]*/, '$112,50');
    const findings = datatypeFindings(xml);
    expect(findings.map((f) => [f.location, f.message.split(':')[0]])).toEqual([
      ['/Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount', 'BT-112 Invoice total amount with VAT'],
      ['/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount', 'BT-115 Amount due for payment'],
    ]);
    const { invoice } = parseDocument(xml);
    expect(invoice.totals?.payable?.value).toBeUndefined();
    expect(invoice.totals?.taxInclusive?.value).toBeUndefined();
  });

  it('reports a code that is not a token', () => {
    const findings = datatypeFindings(ubl.replace('<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>', '<cbc:DocumentCurrencyCode>E UR</cbc:DocumentCurrencyCode>'));
    expect(findings.map((f) => f.location)).toEqual(['/Invoice/cbc:DocumentCurrencyCode']);
  });

  it('reports CII dates that are not format 102 calendar days', () => {
    const bad = cii.replace('<udt:DateTimeString format="102">20150109</udt:DateTimeString>', '<udt:DateTimeString format="102">20151345</udt:DateTimeString>');
    expect(datatypeFindings(bad).map((f) => [f.location, f.message])).toEqual([
      [
        '/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString',
        'BT-2 Invoice issue date: "20151345" is not a date YYYYMMDD (format 102)',
      ],
    ]);
    const otherFormat = cii.replace('<udt:DateTimeString format="102">20150109</udt:DateTimeString>', '<udt:DateTimeString format="610">201501</udt:DateTimeString>');
    expect(datatypeFindings(otherFormat)).toHaveLength(1);
    expect(datatypeFindings(cii)).toEqual([]);
  });

  it('marks the report invalid even when no business rule fires', () => {
    const report = validateDocument(ubl.replace(/(<cbc:IssueDate>)2015-01-09/, '$12015-02-30'));
    expect(report.valid).toBe(false);
    expect(report.errors.map((f) => f.rule)).toEqual(['XSD-DATATYPE']);
  });
});
