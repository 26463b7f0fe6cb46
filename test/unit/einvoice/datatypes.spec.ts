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
