import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lenientExtract } from '../../../../src/stages/parse/lenient-extract';
import { scanElements } from '../../../../src/stages/parse/lenient-scan';
import { billionLaughsLines } from '../../../support/hostile-input';
import { regexLenientExtract } from '../../../support/regex-lenient-extract';
import { EXAMPLES } from '../../../support/paths';

const examples = ['ubl', 'cii', 'bis-billing'].flatMap((dir) =>
  readdirSync(join(EXAMPLES, dir))
    .filter((f) => /\.xml$/i.test(f))
    .map((f) => join(dir, f)),
);
const read = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

describe('lenient extraction (linear scanner)', () => {
  it('reads every conformance example as the regex extraction did (which also read inside comments)', () => {
    expect(examples.length).toBeGreaterThan(20);
    for (const name of examples) {
      const xml = read(name);
      const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
      expect({ name, invoice: lenientExtract(xml) }).toEqual({ name, invoice: regexLenientExtract(withoutComments) });
    }
  });

  it('does not take commented-out elements for data', () => {
    const xml = read('bis-billing/BIS_Billing_30-Kreditering_med_kreditnota.xml');
    expect(xml).toContain('<!-- <cbc:DueDate>2018-03-07</cbc:DueDate> -->');
    expect(lenientExtract(xml)).toMatchObject({ number: '2018140', due_date: null, document_type: 'CreditNote' });
  });

  it('reads the same fields from documents strict parsing refuses (unclosed root, wrong namespace)', () => {
    const ubl = read('ubl/ubl-tc434-example1.xml');
    const broken = [ubl.replace('</Invoice>', ''), ubl.replace(/xmlns="[^"]*"/, 'xmlns="urn:wrong"'), ubl.slice(0, ubl.indexOf('<cac:InvoiceLine>'))];
    for (const xml of broken) expect(lenientExtract(xml)).toEqual(regexLenientExtract(xml));
    expect(lenientExtract(broken[0])).toMatchObject({ number: '12115118', issue_date: '2015-01-09', currency: 'EUR', partial: true });
  });

  it('takes the CII number from the ExchangedDocument header and converts CII dates', () => {
    const cii = examples.find((name) => name.startsWith('cii/'))!;
    const invoice = lenientExtract(read(cii));
    expect(invoice).toMatchObject({ syntax: 'CII', partial: true });
    expect(invoice?.issue_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('skips comments, CDATA sections and processing instructions instead of reading inside them', () => {
    const xml = '<?xml version="1.0"?><!-- <cbc:ID>in-comment</cbc:ID> --><Invoice><![CDATA[<cbc:ID>in-cdata</cbc:ID>]]><cbc:ID>REAL-1</cbc:ID></Invoice>';
    expect(lenientExtract(xml)?.number).toBe('REAL-1');
  });

  it('gives up cleanly on the regex bomb: 100 000 unclosed `<ID ` tags', () => {
    expect(lenientExtract('<Invoice>' + '<ID '.repeat(100000))).toBeNull();
    // The same run with one `>` at the very end is one broken tag after another, not an element.
    expect(lenientExtract('<Invoice>' + '<ID '.repeat(100000) + '>')).toBeNull();
  });

  it('still finds the number after the hostile cousins', () => {
    const tail = '<cbc:ID>AFTER-1</cbc:ID></Invoice>';
    const cousins = [
      '<Invoice>' + '<Ref '.repeat(20000) + '>' + tail,
      '<Invoice><Note ' + 'a="1" '.repeat(50000) + '>x</Note>' + tail,
      '<Invoice>' + '<Open>'.repeat(50000) + tail,
      '<Invoice>' + '<!-- <!-- '.repeat(20000) + '-->' + tail,
      '<Invoice>' + '<![CDATA[ <![CDATA[ '.repeat(20000) + ']]>' + tail,
      '<Invoice>' + '</'.repeat(50000) + tail,
      '<Invoice>' + '<'.repeat(100000) + tail,
    ];
    for (const xml of cousins) expect(lenientExtract(xml)?.number).toBe('AFTER-1');
  });

  it('finds nothing inside an unterminated comment, CDATA section, attribute run or processing instruction', () => {
    const tail = '<cbc:ID>LOST</cbc:ID>';
    for (const open of ['<!-- ', '<![CDATA[ ', '<?pi ', '<Note a="']) {
      expect(lenientExtract('<Invoice>' + open + 'x '.repeat(50000) + tail.replace(/>/g, ''))).toBeNull();
    }
    expect(lenientExtract('<Invoice><!-- ' + tail)).toBeNull();
  });

  it('does not expand entities (billion laughs reads as text) and reports no number', () => {
    expect(lenientExtract(billionLaughsLines().join('\n'))).toBeNull();
  });

  it('bounds the amount and date patterns: a huge number is no amount', () => {
    const xml = `<Invoice><cbc:ID>N-1</cbc:ID><cbc:PayableAmount>${'9'.repeat(200000)}</cbc:PayableAmount><cbc:IssueDate>${'1'.repeat(100000)}</cbc:IssueDate></Invoice>`;
    const invoice = lenientExtract(xml);
    expect(invoice?.totals.payable).toBeNull();
    expect(invoice?.issue_date).toHaveLength(100000);
  });

  it('records each tag once, in order, whatever the nesting depth', () => {
    const depth = 10000;
    const scan = scanElements('<A>'.repeat(depth) + 'x' + '</A>'.repeat(depth));
    expect(scan.texts.get('a')).toHaveLength(depth);
    expect(scan.closes.get('a')).toHaveLength(depth);
    expect(scan.texts.get('a')?.[depth - 1]).toEqual({ ordinal: depth, text: 'x' });
    expect(scan.closes.get('a')?.[0]).toBe(depth + 1);
  });
});
