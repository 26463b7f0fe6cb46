import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Dec } from '../../../src/einvoice/decimal';
import { ParseError, detectSyntax, parseDocument, validateDocument } from '../../../src/einvoice';
import { CORPUS_DIR } from '../../support/corpus';

const example = (rel: string): Buffer => readFileSync(path.join(CORPUS_DIR, 'examples', rel));

describe('syntax detection', () => {
  it('detects the syntax from root element and namespace', () => {
    expect(detectSyntax({ local: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' })).toEqual({ syntax: 'UBL', documentType: 'Invoice' });
    expect(detectSyntax({ local: 'CreditNote', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2' })).toEqual({ syntax: 'UBL', documentType: 'CreditNote' });
    expect(detectSyntax({ local: 'CrossIndustryInvoice', ns: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' })).toEqual({ syntax: 'CII', documentType: 'Invoice' });
    // Right name, wrong namespace is not an invoice.
    expect(detectSyntax({ local: 'Invoice', ns: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2' })).toBeUndefined();
    expect(detectSyntax({ local: 'Order', ns: 'urn:oasis:names:specification:ubl:schema:xsd:Order-2' })).toBeUndefined();
  });

  it('refuses unsupported documents with a ParseError at the root element', () => {
    let err: unknown;
    try {
      parseDocument('<?xml version="1.0"?>\n<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).code).toBe('UNSUPPORTED_SYNTAX');
    expect((err as ParseError).line).toBe(2);
  });

  it('detects the syntax of every corpus family', () => {
    expect(parseDocument(example('ubl/ubl-tc434-example1.xml')).syntax).toBe('UBL');
    expect(parseDocument(example('cii/CII_example1.xml')).syntax).toBe('CII');
    expect(parseDocument(example('ubl/ubl-tc434-creditnote1.xml')).documentType).toBe('CreditNote');
  });
});

describe('UBL mapping', () => {
  it('maps an invoice to the canonical model with Decimal amounts', () => {
    const { invoice } = parseDocument(example('ubl/ubl-tc434-example1.xml'));
    expect(invoice.id).toBe('12115118');
    expect(invoice.currencyCode).toBe('EUR');
    expect(invoice.seller?.name).toBe('De Koksmaat');
    expect(invoice.buyer?.name).toBe('ODIN 59');
    expect(invoice.lines.length).toBeGreaterThan(1);
    const payable = invoice.totals?.payable?.value;
    expect(payable).toBeInstanceOf(Dec);
    expect(payable?.toString()).toBe('250.33');
    expect(invoice.totals?.payable?.currency).toBe('EUR');
    expect(invoice.totals?.payable?.loc).toBe('/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount');
    expect(invoice.lines[1].loc).toBe('/Invoice/cac:InvoiceLine[2]');
  });

  it('maps a UBL CreditNote: credit note lines, credited quantity and type code', () => {
    const doc = parseDocument(example('ubl/ubl-tc434-creditnote1.xml'));
    expect(doc.documentType).toBe('CreditNote');
    const inv = doc.invoice;
    expect(inv.typeCode).toBe('381');
    expect(inv.lines.length).toBeGreaterThan(0);
    const line = inv.lines[0];
    expect(line.loc).toMatch(/^\/CreditNote\/cac:CreditNoteLine/);
    expect(line.quantity?.value).toBeInstanceOf(Dec);
    expect(line.unitCode).toBeDefined();
    expect(line.quantity?.loc).toMatch(/cbc:CreditedQuantity$/);
    const report = validateDocument(example('ubl/ubl-tc434-creditnote1.xml'));
    expect(report).toMatchObject({ valid: true, syntax: 'UBL', documentType: 'CreditNote', errors: [], warnings: [] });
  });

  it('keeps the model partial-friendly: a bare root maps without throwing', () => {
    const doc = parseDocument('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>');
    expect(doc.invoice.lines).toEqual([]);
    expect(doc.invoice.totals).toBeUndefined();
    expect(doc.invoice.seller).toBeUndefined();
  });
});

describe('CII mapping', () => {
  it('maps a CrossIndustryInvoice to the same model', () => {
    const { invoice } = parseDocument(example('cii/CII_example1.xml'));
    expect(invoice.syntax).toBe('CII');
    expect(invoice.id).toBeDefined();
    expect(invoice.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(invoice.seller?.name).toBeDefined();
    expect(invoice.lines.length).toBeGreaterThan(0);
    expect(invoice.totals?.payable?.value).toBeInstanceOf(Dec);
    expect(invoice.taxTotals.flatMap((t) => t.breakdowns).length).toBeGreaterThan(0);
    expect(invoice.lines[0].vatCategories[0].taxScheme).toBe('VAT');
  });

  it('classifies CII credit note type codes as CreditNote', () => {
    const xml = `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
      xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
      <rsm:ExchangedDocument><ram:TypeCode>381</ram:TypeCode></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>`;
    expect(parseDocument(xml).documentType).toBe('CreditNote');
  });
});
