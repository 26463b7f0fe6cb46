/**
 * Documents of our own making, judged by the official validators: each is a minimally changed copy
 * of a shared example or XRechnung business case. `bench/official/record-verdicts.ts` runs the official
 * XSLT (Saxon-HE, Java) on them and records the verdicts in fixtures/official-verdicts.json; the
 * tests compare the engine with those recorded verdicts (no Java in Jest).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleSetId } from '../../src/einvoice';
import { CONFORMANCE_DIR } from './paths';

/** The shared conformance data (en16931/, peppol-bis3/, xrechnung/). */
export const SHARED_CONFORMANCE = join(CONFORMANCE_DIR, '..');

export type Edit = readonly [search: string | RegExp, replacement: string | ((match: string, ...groups: string[]) => string)];

export interface OfficialCase {
  /** Unique name: '<rule in focus>/<what changed>'. */
  name: string;
  /** The document changed, relative to the shared conformance folder. */
  base: string;
  /** Replacements applied in order; each must change the document. */
  edits: readonly Edit[];
  /** The rule set (official XSLTs) that judges the copy. */
  ruleSet: RuleSetId;
  /** The rule the case is about: it must fire on the copy (officially and in the engine), or not when `fires` is false. */
  rule: string;
  fires?: boolean;
}

/** The copy's text. */
export function buildCase(c: OfficialCase): string {
  let text = readFileSync(join(SHARED_CONFORMANCE, c.base), 'utf8');
  for (const [search, replacement] of c.edits) {
    const next = typeof replacement === 'string' ? text.replace(search, replacement) : text.replace(search, replacement);
    if (next === text) throw new Error(`${c.name}: edit ${String(search)} changes nothing`);
    text = next;
  }
  return text;
}

const EN = 'en16931/examples';
const XR = 'xrechnung/business-cases/standard';
const XRX = 'xrechnung/business-cases/extension';
const U = `${XR}/01.01a-INVOICE_ubl.xml`;
const C = `${XR}/01.01a-INVOICE_uncefact.xml`;

const CZ = `${EN}/cii/CII_business_example_Z.xml`;
const LINE_TAX_Z = /(<ram:SpecifiedLineTradeSettlement>\s*<ram:ApplicableTradeTax>\s*<ram:TypeCode>VAT<\/ram:TypeCode>\s*<ram:CategoryCode>)Z</;
const HEADER_TAX_Z = /(<ram:ApplicableHeaderTradeSettlement>[\s\S]*?<ram:CategoryCode>)Z</;

/** The zero-rated CII example with every category code turned into `code`. */
function asCategory(code: string): Edit[] {
  return [[/<ram:CategoryCode>Z</g, `<ram:CategoryCode>${code}<`]];
}

/**
 * CII copies with a blank-padded or unknown category code, per family: the official rules no longer
 * select the tax (line, header or allowance) and count it apart from the category.
 */
function ciiCategoryCases(): OfficialCase[] {
  const out: OfficialCase[] = [];
  const families: Array<[family: string, code: string]> = [['BR-Z', 'Z'], ['BR-AE', 'AE'], ['BR-IC', 'K'], ['BR-G', 'G'], ['BR-AF', 'L'], ['BR-AG', 'M']];
  for (const [family, code] of families) {
    const base: Edit[] = code === 'Z' ? [] : asCategory(code);
    const line = new RegExp(LINE_TAX_Z.source.replace('Z<', `${code}<`));
    const header = new RegExp(HEADER_TAX_Z.source.replace('Z<', `${code}<`));
    out.push(
      { name: `${family}-01/cii-line-code-with-blank`, base: CZ, edits: [...base, [line, `$1${code} <`]], ruleSet: 'en16931', rule: `${family}-01`, fires: false },
      // BR-AF-01 / BR-AG-01 count lines and header taxes together: three lines pass without a breakdown.
      { name: `${family}-01/cii-breakdown-code-with-blank`, base: CZ, edits: [...base, [header, `$1 ${code}<`]], ruleSet: 'en16931', rule: `${family}-01`, fires: code !== 'L' && code !== 'M' },
    );
  }
  const ex2 = `${EN}/cii/CII_example2.xml`;
  const ex7 = `${EN}/cii/CII_example7.xml`;
  const xo = `${EN}/cii/XRechnung-O.xml`;
  out.push(
    { name: 'BR-E-01/cii-line-code-with-blank', base: ex2, edits: [['<ram:CategoryCode>E</ram:CategoryCode>', '<ram:CategoryCode>E </ram:CategoryCode>']], ruleSet: 'en16931', rule: 'BR-E-01' },
    { name: 'BR-S-05/cii-codes-with-blank-rate-0', base: CZ, edits: asCategory('S '), ruleSet: 'en16931', rule: 'BR-S-05', fires: false },
    { name: 'BR-S-10/cii-breakdown-code-with-blank-exemption', base: CZ, edits: [...asCategory('S '), ['<ram:TypeCode>VAT</ram:TypeCode>\n        <ram:BasisAmount>', '<ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReason>x</ram:ExemptionReason>\n        <ram:BasisAmount>']], ruleSet: 'en16931', rule: 'BR-S-10', fires: false },
    // A header tax with 'O ' is no O breakdown, so the generic breakdown rules judge it (BR-48: no rate).
    { name: 'BR-48/cii-o-breakdown-code-with-blank', base: ex7, edits: [[/(<ram:BasisAmount>3200<\/ram:BasisAmount>\s*<ram:CategoryCode>)O</, '$1O <']], ruleSet: 'en16931', rule: 'BR-48' },
    { name: 'BR-O-12/cii-line-code-with-blank', base: ex7, edits: [['<ram:CategoryCode>O</ram:CategoryCode>', '<ram:CategoryCode>O </ram:CategoryCode>']], ruleSet: 'en16931', rule: 'BR-O-12' },
    { name: 'BR-O-13/cii-allowance-code-with-blank', base: xo, edits: [[/(<ram:CategoryTradeTax>\s*<ram:TypeCode>VAT<\/ram:TypeCode>\s*<ram:CategoryCode>)O</, '$1O <']], ruleSet: 'en16931', rule: 'BR-O-13' },
    { name: 'BR-O-14/cii-allowance-code-unknown', base: xo, edits: [[/(<ram:CategoryTradeTax>\s*<ram:TypeCode>VAT<\/ram:TypeCode>\s*<ram:CategoryCode>)O</, '$1Q<']], ruleSet: 'en16931', rule: 'BR-O-14' },
    // No seller identifiers: the line with 'E ' is no exempt line (BR-E-02 quiet), the one with 'S' is (BR-S-02).
    {
      name: 'BR-E-02/cii-line-code-with-blank-no-seller-ids',
      base: ex2,
      edits: [
        ['<ram:CategoryCode>E</ram:CategoryCode>', '<ram:CategoryCode>E </ram:CategoryCode>'],
        [/<ram:SpecifiedTaxRegistration>[\s\S]*?<\/ram:SpecifiedTaxRegistration>/, ''],
        [/<ram:SellerTaxRepresentativeTradeParty>[\s\S]*?<\/ram:SellerTaxRepresentativeTradeParty>/, ''],
      ],
      ruleSet: 'en16931',
      rule: 'BR-E-02',
      fires: false,
    },
    { name: 'BR-E-02/cii-no-seller-ids', base: ex2, edits: [[/<ram:SpecifiedTaxRegistration>[\s\S]*?<\/ram:SpecifiedTaxRegistration>/, ''], [/<ram:SellerTaxRepresentativeTradeParty>[\s\S]*?<\/ram:SellerTaxRepresentativeTradeParty>/, '']], ruleSet: 'en16931', rule: 'BR-E-02' },
    // The CII -08 rules of the zero-rate categories round each sum and allow ±1; BR-O-08 compares exactly.
    { name: 'BR-IC-08/cii-basis-off-by-half', base: CZ, edits: [...asCategory('K'), ['<ram:BasisAmount>11693.87</ram:BasisAmount>', '<ram:BasisAmount>11694.37</ram:BasisAmount>']], ruleSet: 'en16931', rule: 'BR-IC-08', fires: false },
    { name: 'BR-Z-08/cii-basis-off-by-half', base: CZ, edits: [['<ram:BasisAmount>11693.87</ram:BasisAmount>', '<ram:BasisAmount>11694.37</ram:BasisAmount>']], ruleSet: 'en16931', rule: 'BR-Z-08', fires: false },
    { name: 'BR-O-08/cii-basis-off-by-half', base: xo, edits: [['<ram:BasisAmount>385544.60</ram:BasisAmount>', '<ram:BasisAmount>385545.10</ram:BasisAmount>']], ruleSet: 'en16931', rule: 'BR-O-08' },
    // BR-B-01 / BR-B-02 look at every `ram:CategoryCode` and `ram:CountryID`, raw.
    { name: 'BR-B-01/cii-split-payment-in-germany', base: CZ, edits: asCategory('B'), ruleSet: 'en16931', rule: 'BR-B-01' },
    { name: 'BR-B-01/cii-split-payment-code-with-blank', base: CZ, edits: asCategory('B '), ruleSet: 'en16931', rule: 'BR-B-01', fires: false },
    { name: 'BR-B-02/cii-standard-code-with-blank', base: ex2, edits: [[/<ram:CategoryCode>E</g, '<ram:CategoryCode>B<'], [/<ram:CategoryCode>S</g, '<ram:CategoryCode>S <']], ruleSet: 'en16931', rule: 'BR-B-02', fires: false },
    { name: 'BR-B-02/cii-split-payment-and-standard', base: ex2, edits: [[/<ram:CategoryCode>E</g, '<ram:CategoryCode>B<']], ruleSet: 'en16931', rule: 'BR-B-02' },
    // The identifier rules select `ram:ID[@schemeID = 'VA']` on the raw attribute.
    { name: 'BR-S-02/cii-vat-scheme-ids-with-blank', base: ex2, edits: [[/schemeID="VA"/g, 'schemeID="VA "']], ruleSet: 'en16931', rule: 'BR-S-02' },
    { name: 'BR-S-02/cii-other-tax-scheme-ids', base: ex2, edits: [[/schemeID="VA"/g, 'schemeID="XX"']], ruleSet: 'en16931', rule: 'BR-S-02' },
    { name: 'BR-O-02/cii-seller-vat-scheme-id-lower-case', base: ex7, edits: [['</ram:SellerTradeParty>', '<ram:SpecifiedTaxRegistration><ram:ID schemeID="va">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>']], ruleSet: 'en16931', rule: 'BR-O-02', fires: false },
    // CII BR-AF-08 reads the rates of the settlement (`../ram:RateApplicablePercent`, none) and BR-AF-09 is `true()`: neither fires.
    { name: 'BR-AF-08/cii-breakdown-basis-off', base: CZ, edits: [...asCategory('L'), ['<ram:BasisAmount>11693.87</ram:BasisAmount>', '<ram:BasisAmount>12693.87</ram:BasisAmount>']], ruleSet: 'en16931', rule: 'BR-AF-08', fires: false },
    { name: 'BR-AF-09/cii-breakdown-tax-off', base: CZ, edits: [...asCategory('L'), ['<ram:CalculatedAmount>0.00</ram:CalculatedAmount>', '<ram:CalculatedAmount>500.00</ram:CalculatedAmount>']], ruleSet: 'en16931', rule: 'BR-AF-09', fires: false },
  );
  return out;
}

/** Part 1: EN 16931 where the engine used to disagree with the official validator. */
const EN16931_CASES: OfficialCase[] = [
  // BR-CO-15: `count(TaxAmount[@currencyID = DocumentCurrencyCode]) eq 1` (UBL) holds for no VAT total when the code is invalid.
  { name: 'BR-CO-15/ubl-invalid-currency-no-vat', base: `${EN}/ubl/ubl-tc434-creditnote1.xml`, edits: [['<cbc:DocumentCurrencyCode>EUR', '<cbc:DocumentCurrencyCode>EUX']], ruleSet: 'en16931', rule: 'BR-CO-15' },
  { name: 'BR-CO-15/ubl-lowercase-currency-no-vat', base: `${EN}/ubl/ubl-tc434-creditnote1.xml`, edits: [['<cbc:DocumentCurrencyCode>EUR', '<cbc:DocumentCurrencyCode>eur']], ruleSet: 'en16931', rule: 'BR-CO-15' },
  { name: 'BR-CO-15/ubl-vat-total-in-other-currency', base: `${EN}/ubl/ubl-tc434-creditnote1.xml`, edits: [[/<cbc:TaxAmount currencyID="EUR">0.00<\/cbc:TaxAmount>(\s*<cac:TaxSubtotal>)/, '<cbc:TaxAmount currencyID="USD">0.00</cbc:TaxAmount>$1']], ruleSet: 'en16931', rule: 'BR-CO-15' },
  // CII adds `or GrandTotal = TaxBasisTotal`: an invalid currency with nothing to add passes.
  { name: 'BR-CO-15/cii-invalid-currency-nothing-added', base: `${EN}/cii/CII_business_example_Z.xml`, edits: [[/<ram:InvoiceCurrencyCode>EUR</, '<ram:InvoiceCurrencyCode>EUX<']], ruleSet: 'en16931', rule: 'BR-CO-15', fires: false },
  // BR-S-08 compares rates exactly (`xs:decimal(cbc:Percent) = $rate`), no rounding.
  { name: 'BR-S-08/ubl-breakdown-rate-21.4', base: `${EN}/ubl/ubl-tc434-example9.xml`, edits: [[/(<cac:TaxSubtotal>[\s\S]*?<cbc:Percent>)21</, '$121.4<']], ruleSet: 'en16931', rule: 'BR-S-08' },
  { name: 'BR-S-08/ubl-line-rate-21.4', base: `${EN}/ubl/ubl-tc434-example9.xml`, edits: [[/(<cac:ClassifiedTaxCategory>[\s\S]*?<cbc:Percent>)21</, '$121.4<']], ruleSet: 'en16931', rule: 'BR-S-08' },
  // CII BR-S-08: CategoryCode[.='S'] is exact text, the line selection too.
  { name: 'BR-S-08/cii-line-code-with-blank', base: `${EN}/cii/CII_example2.xml`, edits: [['<ram:CategoryCode>S</ram:CategoryCode>', '<ram:CategoryCode>S </ram:CategoryCode>']], ruleSet: 'en16931', rule: 'BR-S-08' },
  // CII BR-S-01 counts line, header and allowance categories its own way: an invalid header code with two S lines passes.
  { name: 'BR-S-01/cii-invalid-breakdown-code', base: `${XR}/01.01a-INVOICE_uncefact.xml`, edits: [[/(<ram:ApplicableHeaderTradeSettlement>[\s\S]*?<ram:CategoryCode>)S</, '$1Q<']], ruleSet: 'en16931', rule: 'BR-S-01', fires: false },
  { name: 'BR-S-01/ubl-invalid-breakdown-code', base: U, edits: [[/(<cac:TaxSubtotal>[\s\S]*?<cbc:ID>)S</, '$1Q<']], ruleSet: 'en16931', rule: 'BR-S-01' },
  // CII BR-O-11: any ApplicableTradeTax (line or header) with another code, an invalid one included.
  {
    name: 'BR-O-11/cii-line-with-invalid-code',
    base: `${XR}/01.01a-INVOICE_uncefact.xml`,
    edits: [
      [/(<ram:ApplicableHeaderTradeSettlement>[\s\S]*?<ram:CategoryCode>)S<\/ram:CategoryCode>\s*<ram:RateApplicablePercent>7<\/ram:RateApplicablePercent>/, '$1O</ram:CategoryCode><ram:ExemptionReason>nicht steuerbar</ram:ExemptionReason>'],
      ['<ram:CategoryCode>S</ram:CategoryCode>', '<ram:CategoryCode>Q</ram:CategoryCode>'],
    ],
    ruleSet: 'en16931',
    rule: 'BR-O-11',
  },
  // The CII VAT-category rules compare `ram:CategoryCode = 'X'` on the raw text in every context and count with their own formulas.
  ...ciiCategoryCases(),
  // BR-CL-17 / BR-CL-18 select `cac:TaxCategory/cbc:ID` and `cac:ClassifiedTaxCategory/cbc:ID` wherever they are.
  { name: 'BR-CL-18/creditnote-invalid-line-code', base: `${EN}/ubl/ubl-tc434-creditnote1.xml`, edits: [[/(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)E</, '$1Q<']], ruleSet: 'en16931', rule: 'BR-CL-18' },
  {
    name: 'BR-CL-18/creditnote-with-invoice-line',
    base: `${EN}/ubl/ubl-tc434-creditnote1.xml`,
    edits: [
      [
        /<cac:CreditNoteLine>[\s\S]*?<\/cac:CreditNoteLine>/,
        (line) =>
          line
            .replace(/CreditNoteLine>/g, 'InvoiceLine>')
            .replace(/CreditedQuantity/g, 'InvoicedQuantity')
            .replace(/(<cac:ClassifiedTaxCategory>\s*<cbc:ID>)E</, '$1Q<'),
      ],
    ],
    ruleSet: 'en16931',
    rule: 'BR-CL-18',
  },
  { name: 'BR-CL-18/cii-invalid-breakdown-code', base: `${EN}/cii/CII_example2.xml`, edits: [[/(<ram:ApplicableHeaderTradeSettlement>[\s\S]*?<ram:ApplicableTradeTax>[\s\S]*?<ram:CategoryCode>)[A-Z]+</, '$1Q<']], ruleSet: 'en16931', rule: 'BR-CL-18' },
  // UBL-CR paths name both line elements, whatever the document type.
  { name: 'UBL-CR-627/creditnote-price-type', base: `${EN}/ubl/ubl-tc434-creditnote1.xml`, edits: [[/(<cac:Price>\s*)/, '$1<cbc:PriceType>list</cbc:PriceType>']], ruleSet: 'en16931', rule: 'UBL-CR-627' },
  { name: 'UBL-CR-412/invoice-payment-due-date', base: U, edits: [['<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>', '<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cbc:PaymentDueDate>2016-05-01</cbc:PaymentDueDate>']], ruleSet: 'en16931', rule: 'UBL-CR-412' },
  { name: 'UBL-CR-412/creditnote-payment-due-date', base: `${EN}/ubl/ubl-tc434-creditnote1.xml`, edits: [[/(<cac:PaymentMeans>\s*<cbc:PaymentMeansCode[^>]*>[^<]*<\/cbc:PaymentMeansCode>)/, '$1<cbc:PaymentDueDate>2016-05-01</cbc:PaymentDueDate>']], ruleSet: 'en16931', rule: 'UBL-CR-412', fires: false },
  { name: 'UBL-CR-144/seller-party-logo', base: U, edits: [['<cbc:EndpointID schemeID="EM">seller@email.de</cbc:EndpointID>', '<cbc:EndpointID schemeID="EM">seller@email.de</cbc:EndpointID><cbc:LogoReferenceID>logo</cbc:LogoReferenceID>']], ruleSet: 'en16931', rule: 'UBL-CR-144' },
];

/** Part 2: one copy per XRechnung rule (UBL, and CII where the rule has a CII form) that makes it fire. */
const XRECHNUNG_CASES: OfficialCase[] = [
  { name: 'BR-DE-1/ubl', base: U, edits: [[/<cac:PaymentMeans>[\s\S]*?<\/cac:PaymentMeans>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-1' },
  { name: 'BR-DE-1/cii', base: C, edits: [[/<ram:SpecifiedTradeSettlementPaymentMeans>[\s\S]*?<\/ram:SpecifiedTradeSettlementPaymentMeans>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-1' },
  { name: 'BR-DE-2/ubl', base: U, edits: [[/<cac:Contact>[\s\S]*?<\/cac:Contact>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-2' },
  { name: 'BR-DE-2/cii', base: C, edits: [[/<ram:DefinedTradeContact>[\s\S]*?<\/ram:DefinedTradeContact>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-2' },
  { name: 'BR-DE-3/ubl', base: U, edits: [['<cbc:CityName>[Seller city]</cbc:CityName>', '<cbc:CityName> </cbc:CityName>']], ruleSet: 'xrechnung', rule: 'BR-DE-3' },
  { name: 'BR-DE-3/cii', base: C, edits: [['<ram:CityName>[Seller city]</ram:CityName>', '<ram:CityName> </ram:CityName>']], ruleSet: 'xrechnung', rule: 'BR-DE-3' },
  { name: 'BR-DE-4/ubl', base: U, edits: [[/(\[Seller city\]<\/cbc:CityName>\s*)<cbc:PostalZone>12345<\/cbc:PostalZone>/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-4' },
  { name: 'BR-DE-4/cii', base: C, edits: [[/<ram:PostcodeCode>12345<\/ram:PostcodeCode>(\s*<ram:LineOne>\[Seller)/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-4' },
  { name: 'BR-DE-5/ubl', base: U, edits: [['<cbc:Name>nicht vorhanden</cbc:Name>', '<cbc:Name></cbc:Name>']], ruleSet: 'xrechnung', rule: 'BR-DE-5' },
  { name: 'BR-DE-5/cii', base: C, edits: [['<ram:PersonName>nicht vorhanden</ram:PersonName>', '']], ruleSet: 'xrechnung', rule: 'BR-DE-5' },
  { name: 'BR-DE-6/ubl', base: U, edits: [['<cbc:Telephone>+49 1234-5678</cbc:Telephone>', '<cbc:Telephone> </cbc:Telephone>']], ruleSet: 'xrechnung', rule: 'BR-DE-6' },
  { name: 'BR-DE-6/cii', base: C, edits: [['<ram:CompleteNumber>+49 1234-5678</ram:CompleteNumber>', '<ram:CompleteNumber> </ram:CompleteNumber>']], ruleSet: 'xrechnung', rule: 'BR-DE-6' },
  { name: 'BR-DE-7/ubl', base: U, edits: [['<cbc:ElectronicMail>seller@email.de</cbc:ElectronicMail>', '<cbc:ElectronicMail/>']], ruleSet: 'xrechnung', rule: 'BR-DE-7' },
  { name: 'BR-DE-7/cii', base: C, edits: [[/(<ram:EmailURIUniversalCommunication>\s*<ram:URIID>)seller@email.de</, '$1<']], ruleSet: 'xrechnung', rule: 'BR-DE-7' },
  { name: 'BR-DE-8/ubl', base: U, edits: [['<cbc:CityName>[Buyer city]</cbc:CityName>', '<cbc:CityName> </cbc:CityName>']], ruleSet: 'xrechnung', rule: 'BR-DE-8' },
  { name: 'BR-DE-8/cii', base: C, edits: [['<ram:CityName>[Buyer city]</ram:CityName>', '']], ruleSet: 'xrechnung', rule: 'BR-DE-8' },
  { name: 'BR-DE-9/ubl', base: U, edits: [[/(\[Buyer city\]<\/cbc:CityName>\s*)<cbc:PostalZone>12345<\/cbc:PostalZone>/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-9' },
  { name: 'BR-DE-9/cii', base: C, edits: [[/<ram:PostcodeCode>12345<\/ram:PostcodeCode>(\s*<ram:LineOne>\[Buyer)/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-9' },
  { name: 'BR-DE-10/ubl', base: `${XR}/01.05a-INVOICE_ubl.xml`, edits: [['<cbc:CityName>Schulungsort</cbc:CityName>', '<cbc:CityName> </cbc:CityName>']], ruleSet: 'xrechnung', rule: 'BR-DE-10' },
  { name: 'BR-DE-10/cii', base: `${XR}/01.05a-INVOICE_uncefact.xml`, edits: [['<ram:CityName>Schulungsort</ram:CityName>', '']], ruleSet: 'xrechnung', rule: 'BR-DE-10' },
  { name: 'BR-DE-11/ubl', base: `${XR}/01.05a-INVOICE_ubl.xml`, edits: [[/(Schulungsort<\/cbc:CityName>\s*)<cbc:PostalZone>12345<\/cbc:PostalZone>/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-11' },
  { name: 'BR-DE-11/cii', base: `${XR}/01.05a-INVOICE_uncefact.xml`, edits: [[/<ram:PostcodeCode>12345<\/ram:PostcodeCode>(\s*<ram:CityName>Schulungsort)/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-11' },
  { name: 'BR-DE-14/ubl', base: U, edits: [[/(<cac:TaxSubtotal>[\s\S]*?)<cbc:Percent>7<\/cbc:Percent>/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-14' },
  { name: 'BR-DE-14/cii', base: C, edits: [[/(<ram:ApplicableHeaderTradeSettlement>[\s\S]*?)<ram:RateApplicablePercent>7<\/ram:RateApplicablePercent>/, '$1']], ruleSet: 'xrechnung', rule: 'BR-DE-14' },
  { name: 'BR-DE-15/ubl', base: U, edits: [['<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>', '<cbc:BuyerReference> </cbc:BuyerReference>']], ruleSet: 'xrechnung', rule: 'BR-DE-15' },
  { name: 'BR-DE-15/cii', base: C, edits: [['<ram:BuyerReference>04011000-12345-03</ram:BuyerReference>', '']], ruleSet: 'xrechnung', rule: 'BR-DE-15' },
  { name: 'BR-DE-16/ubl', base: U, edits: [[/<cac:PartyTaxScheme>[\s\S]*?<\/cac:PartyTaxScheme>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-16' },
  { name: 'BR-DE-16/cii', base: C, edits: [[/<ram:SpecifiedTaxRegistration>[\s\S]*?<\/ram:SpecifiedTaxRegistration>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-16' },
  { name: 'BR-DE-17/ubl', base: U, edits: [['<cbc:InvoiceTypeCode>380', '<cbc:InvoiceTypeCode>383']], ruleSet: 'xrechnung', rule: 'BR-DE-17' },
  { name: 'BR-DE-17/cii', base: C, edits: [['<ram:TypeCode>380', '<ram:TypeCode>383']], ruleSet: 'xrechnung', rule: 'BR-DE-17' },
  { name: 'BR-DE-18/ubl-percent-without-decimals', base: `${XR}/01.10a-INVOICE_ubl.xml`, edits: [['PROZENT=2.00#', 'PROZENT=2#']], ruleSet: 'xrechnung', rule: 'BR-DE-18' },
  { name: 'BR-DE-18/ubl-no-final-line-break', base: `${XR}/01.10a-INVOICE_ubl.xml`, edits: [[/PROZENT=0.00#\s*<\/cbc:Note>/, 'PROZENT=0.00#</cbc:Note>']], ruleSet: 'xrechnung', rule: 'BR-DE-18' },
  { name: 'BR-DE-18/cii-percent-without-decimals', base: `${XR}/01.10a-INVOICE_uncefact.xml`, edits: [['PROZENT=2.00#', 'PROZENT=2#']], ruleSet: 'xrechnung', rule: 'BR-DE-18' },
  { name: 'BR-DE-19/ubl', base: U, edits: [['DE79000000001234567890', 'DE79000000001234567891']], ruleSet: 'xrechnung', rule: 'BR-DE-19' },
  { name: 'BR-DE-19/cii', base: C, edits: [['DE79000000001234567890', 'DE79000000001234567891']], ruleSet: 'xrechnung', rule: 'BR-DE-19' },
  { name: 'BR-DE-20/ubl', base: `${XR}/03.01a-INVOICE_ubl.xml`, edits: [['DE79000000001234567890', 'DE7900000000123456789X']], ruleSet: 'xrechnung', rule: 'BR-DE-20' },
  { name: 'BR-DE-20/cii', base: `${XR}/03.01a-INVOICE_uncefact.xml`, edits: [['DE79000000001234567890', 'DE79000000001234567891']], ruleSet: 'xrechnung', rule: 'BR-DE-20' },
  { name: 'BR-DE-21/ubl', base: U, edits: [['<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0', '<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_2.3']], ruleSet: 'xrechnung', rule: 'BR-DE-21' },
  { name: 'BR-DE-21/cii', base: C, edits: [['xrechnung_3.0</ram:ID>', 'xrechnung_2.3</ram:ID>']], ruleSet: 'xrechnung', rule: 'BR-DE-21' },
  { name: 'BR-DE-22/ubl', base: `${XR}/01.15a-INVOICE_ubl.xml`, edits: [[/(<cac:AdditionalDocumentReference>[\s\S]*?<\/cac:AdditionalDocumentReference>)/, '$1$1']], ruleSet: 'xrechnung', rule: 'BR-DE-22' },
  { name: 'BR-DE-22/cii', base: `${XR}/01.15a-INVOICE_uncefact.xml`, edits: [[/(<ram:AdditionalReferencedDocument>[\s\S]*?<\/ram:AdditionalReferencedDocument>)/, '$1$1']], ruleSet: 'xrechnung', rule: 'BR-DE-22' },
  { name: 'BR-DE-23-a/ubl', base: U, edits: [[/<cac:PayeeFinancialAccount>[\s\S]*?<\/cac:PayeeFinancialAccount>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-23-a' },
  { name: 'BR-DE-23-a/cii', base: C, edits: [[/<ram:PayeePartyCreditorFinancialAccount>[\s\S]*?<\/ram:PayeePartyCreditorFinancialAccount>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-23-a' },
  {
    name: 'BR-DE-23-b/ubl',
    base: U,
    edits: [['</cac:PayeeFinancialAccount>', '</cac:PayeeFinancialAccount><cac:PaymentMandate><cbc:ID>M1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>']],
    ruleSet: 'xrechnung',
    rule: 'BR-DE-23-b',
  },
  { name: 'BR-DE-23-b/cii', base: C, edits: [['<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>', '<ram:CreditorReferenceID>DE98ZZZ09999999999</ram:CreditorReferenceID><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>']], ruleSet: 'xrechnung', rule: 'BR-DE-23-b' },
  { name: 'BR-DE-24-a/ubl', base: `${XR}/03.02a-INVOICE_ubl.xml`, edits: [[/<cac:CardAccount>[\s\S]*?<\/cac:CardAccount>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-24-a' },
  { name: 'BR-DE-24-a/cii', base: `${XR}/03.02a-INVOICE_uncefact.xml`, edits: [[/<ram:ApplicableTradeSettlementFinancialCard>[\s\S]*?<\/ram:ApplicableTradeSettlementFinancialCard>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-24-a' },
  { name: 'BR-DE-24-b/ubl', base: `${XR}/03.02a-INVOICE_ubl.xml`, edits: [['</cac:CardAccount>', '</cac:CardAccount><cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount>']], ruleSet: 'xrechnung', rule: 'BR-DE-24-b' },
  {
    name: 'BR-DE-24-b/cii',
    base: `${XR}/03.02a-INVOICE_uncefact.xml`,
    edits: [['</ram:ApplicableTradeSettlementFinancialCard>', '</ram:ApplicableTradeSettlementFinancialCard><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>']],
    ruleSet: 'xrechnung',
    rule: 'BR-DE-24-b',
  },
  { name: 'BR-DE-25-a/ubl', base: `${XR}/03.01a-INVOICE_ubl.xml`, edits: [[/<cac:PaymentMandate>[\s\S]*?<\/cac:PaymentMandate>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-25-a' },
  {
    name: 'BR-DE-25-a/cii',
    base: `${XR}/03.01a-INVOICE_uncefact.xml`,
    edits: [
      [/<ram:CreditorReferenceID>[^<]*<\/ram:CreditorReferenceID>\s*/, ''],
      [/<ram:PayerPartyDebtorFinancialAccount>[\s\S]*?<\/ram:PayerPartyDebtorFinancialAccount>\s*/, ''],
      [/<ram:DirectDebitMandateID>[^<]*<\/ram:DirectDebitMandateID>\s*/, ''],
    ],
    ruleSet: 'xrechnung',
    rule: 'BR-DE-25-a',
  },
  { name: 'BR-DE-25-b/ubl', base: `${XR}/03.01a-INVOICE_ubl.xml`, edits: [['<cac:PaymentMandate>', '<cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount><cac:PaymentMandate>']], ruleSet: 'xrechnung', rule: 'BR-DE-25-b' },
  {
    name: 'BR-DE-25-b/cii',
    base: `${XR}/03.01a-INVOICE_uncefact.xml`,
    edits: [['<ram:PayerPartyDebtorFinancialAccount>', '<ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayeePartyCreditorFinancialAccount><ram:PayerPartyDebtorFinancialAccount>']],
    ruleSet: 'xrechnung',
    rule: 'BR-DE-25-b',
  },
  { name: 'BR-DE-26/ubl', base: U, edits: [['<cbc:InvoiceTypeCode>380', '<cbc:InvoiceTypeCode>384']], ruleSet: 'xrechnung', rule: 'BR-DE-26' },
  { name: 'BR-DE-26/cii', base: C, edits: [['<ram:TypeCode>380', '<ram:TypeCode>384']], ruleSet: 'xrechnung', rule: 'BR-DE-26' },
  { name: 'BR-DE-27/ubl', base: U, edits: [['<cbc:Telephone>+49 1234-5678</cbc:Telephone>', '<cbc:Telephone>+49 nn</cbc:Telephone>']], ruleSet: 'xrechnung', rule: 'BR-DE-27' },
  { name: 'BR-DE-27/cii', base: C, edits: [['<ram:CompleteNumber>+49 1234-5678</ram:CompleteNumber>', '<ram:CompleteNumber>12</ram:CompleteNumber>']], ruleSet: 'xrechnung', rule: 'BR-DE-27' },
  { name: 'BR-DE-28/ubl', base: U, edits: [['<cbc:ElectronicMail>seller@email.de</cbc:ElectronicMail>', '<cbc:ElectronicMail>seller@email</cbc:ElectronicMail>']], ruleSet: 'xrechnung', rule: 'BR-DE-28' },
  { name: 'BR-DE-28/cii', base: C, edits: [[/(<ram:EmailURIUniversalCommunication>\s*<ram:URIID>)seller@email.de</, '$1seller @email.de<']], ruleSet: 'xrechnung', rule: 'BR-DE-28' },
  { name: 'BR-DE-30/ubl', base: `${XR}/03.01a-INVOICE_ubl.xml`, edits: [['schemeID="SEPA"', 'schemeID="0088"']], ruleSet: 'xrechnung', rule: 'BR-DE-30' },
  { name: 'BR-DE-30/cii', base: `${XR}/03.01a-INVOICE_uncefact.xml`, edits: [[/<ram:CreditorReferenceID>[^<]*<\/ram:CreditorReferenceID>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-30' },
  { name: 'BR-DE-31/ubl', base: `${XR}/03.01a-INVOICE_ubl.xml`, edits: [[/<cac:PayerFinancialAccount>[\s\S]*?<\/cac:PayerFinancialAccount>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-31' },
  { name: 'BR-DE-31/cii', base: `${XR}/03.01a-INVOICE_uncefact.xml`, edits: [[/<ram:PayerPartyDebtorFinancialAccount>[\s\S]*?<\/ram:PayerPartyDebtorFinancialAccount>\s*/, '']], ruleSet: 'xrechnung', rule: 'BR-DE-31' },
  { name: 'BR-TMP-2/ubl', base: `${XR}/03.03a-INVOICE_ubl.xml`, edits: [['<cbc:URI>https://xeinkauf.de/xrechnung/</cbc:URI>', '<cbc:URI>xeinkauf.de/xrechnung/</cbc:URI>']], ruleSet: 'xrechnung', rule: 'BR-TMP-2' },
  { name: 'BR-TMP-2/cii', base: `${XR}/03.03a-INVOICE_uncefact.xml`, edits: [['<ram:URIID>https://xeinkauf.de/xrechnung/</ram:URIID>', '<ram:URIID>//xeinkauf.de/xrechnung/</ram:URIID>']], ruleSet: 'xrechnung', rule: 'BR-TMP-2' },
  { name: 'BR-TMP-3/cii', base: `${XR}/01.20a-INVOICE_uncefact.xml`, edits: [['<ram:BasisQuantity unitCode="C62">1.0000</ram:BasisQuantity>', '<ram:BasisQuantity unitCode="C62">1</ram:BasisQuantity>']], ruleSet: 'xrechnung', rule: 'BR-TMP-3' },
];

/** A CVD (Clean Vehicles Directive) invoice made from 01.01a: tender and contract references, a CVD classification and a 'cva' attribute on line 1. */
const CVD_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9';
function cvdEdits(parts: { tender?: string; contract?: string; category?: string; cva?: string; extra?: readonly Edit[] } = {}): Edit[] {
  const tender = parts.tender ?? '<cac:OriginatorDocumentReference><cbc:ID>LOS-1</cbc:ID></cac:OriginatorDocumentReference>';
  const contract = parts.contract ?? '<cac:ContractDocumentReference><cbc:ID>V-1</cbc:ID></cac:ContractDocumentReference>';
  const category = parts.category ?? '<cac:CommodityClassification><cbc:ItemClassificationCode listID="CVD">M1</cbc:ItemClassificationCode></cac:CommodityClassification>';
  const cva = parts.cva ?? '<cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>clean</cbc:Value></cac:AdditionalItemProperty>';
  const inserts: Edit[] = [
    ['</cbc:BuyerReference>', `</cbc:BuyerReference>${tender}${contract}`],
    ['</cac:CommodityClassification>', `</cac:CommodityClassification>${category}`],
    ['</cac:ClassifiedTaxCategory>', `</cac:ClassifiedTaxCategory>${cva}`],
  ];
  return [
    ['urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>', `${CVD_ID}</cbc:CustomizationID>`],
    // An empty part leaves the document as it is there.
    ...inserts.filter(([search, replacement]) => replacement !== search),
    ...(parts.extra ?? []),
  ];
}

/** The CVD rules, judged by the xrechnung rule set (which recognises the CVD specification identifier). */
const CVD_CASES: OfficialCase[] = [
  { name: 'BR-DE-CVD-03/ubl-complete-cvd-invoice', base: U, edits: cvdEdits(), ruleSet: 'xrechnung', rule: 'BR-DE-CVD-03', fires: false },
  { name: 'BR-DE-CVD-01/ubl', base: U, edits: cvdEdits({ contract: '' }), ruleSet: 'xrechnung', rule: 'BR-DE-CVD-01' },
  { name: 'BR-DE-CVD-02/ubl', base: U, edits: cvdEdits({ tender: '' }), ruleSet: 'xrechnung', rule: 'BR-DE-CVD-02' },
  { name: 'BR-DE-CVD-03/ubl', base: U, edits: cvdEdits({ cva: '', category: '' }), ruleSet: 'xrechnung', rule: 'BR-DE-CVD-03' },
  {
    name: 'BR-DE-CVD-04/ubl',
    base: U,
    edits: cvdEdits({ category: '<cac:CommodityClassification><cbc:ItemClassificationCode listID="CVD">L7</cbc:ItemClassificationCode></cac:CommodityClassification>' }),
    ruleSet: 'xrechnung',
    rule: 'BR-DE-CVD-04',
  },
  {
    name: 'BR-DE-CVD-05/ubl',
    base: U,
    edits: cvdEdits({ cva: '<cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>diesel</cbc:Value></cac:AdditionalItemProperty>' }),
    ruleSet: 'xrechnung',
    rule: 'BR-DE-CVD-05',
  },
  {
    name: 'BR-DE-CVD-06-a/ubl',
    base: U,
    edits: cvdEdits({ cva: '<cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>clean</cbc:Value></cac:AdditionalItemProperty><cac:AdditionalItemProperty><cbc:Name>cva</cbc:Name><cbc:Value>other</cbc:Value></cac:AdditionalItemProperty>' }),
    ruleSet: 'xrechnung',
    rule: 'BR-DE-CVD-06-a',
  },
  {
    name: 'BR-DE-CVD-06-b/ubl',
    base: U,
    edits: cvdEdits({
      category:
        '<cac:CommodityClassification><cbc:ItemClassificationCode listID="CVD">M1</cbc:ItemClassificationCode></cac:CommodityClassification><cac:CommodityClassification><cbc:ItemClassificationCode listID="CVD">N1</cbc:ItemClassificationCode></cac:CommodityClassification>',
    }),
    ruleSet: 'xrechnung',
    rule: 'BR-DE-CVD-06-b',
  },
  { name: 'BR-TMP-CVD-01/ubl', base: U, edits: cvdEdits({ extra: [['listID="IB"', 'listID="QQ"']] }), ruleSet: 'xrechnung', rule: 'BR-TMP-CVD-01' },
  { name: 'BR-TMP-CVD-01/ubl-not-cvd', base: U, edits: [['listID="IB"', 'listID="QQ"']], ruleSet: 'xrechnung', rule: 'BR-TMP-CVD-01', fires: false },
];

/** The extension scenario's own rules. */
const EXTENSION_CASES: OfficialCase[] = [
  { name: 'BR-DEX-01/ubl', base: `${XR}/01.15a-INVOICE_ubl.xml`, edits: [['xrechnung_3.0</cbc:CustomizationID>', 'xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0</cbc:CustomizationID>'], ['mimeCode="application/pdf"', 'mimeCode="application/zip"']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-01' },
  { name: 'BR-DEX-02/ubl', base: `${XRX}/04.01a-INVOICE_ubl.xml`, edits: [['>193.70</cbc:LineExtensionAmount>', '>193.71</cbc:LineExtensionAmount>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-02' },
  { name: 'BR-DEX-03/ubl', base: `${XRX}/04.01a-INVOICE_ubl.xml`, edits: [[/(<cbc:Name>Demontage Sanitär<\/cbc:Name>\s*)<cac:ClassifiedTaxCategory>[\s\S]*?<\/cac:ClassifiedTaxCategory>/, '$1']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-03' },
  { name: 'BR-DEX-04/ubl', base: `${XRX}/04.01a-INVOICE_ubl.xml`, edits: [['<cac:PartyIdentification>\n', '<cac:PartyIdentification>\n<cbc:ID schemeID="XR99">x</cbc:ID>\n']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-04' },
  { name: 'BR-DEX-05/ubl', base: `${XRX}/04.01a-INVOICE_ubl.xml`, edits: [['<cbc:CompanyID>1122334455</cbc:CompanyID>', '<cbc:CompanyID schemeID="XR99">1122334455</cbc:CompanyID>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-05' },
  {
    name: 'BR-DEX-06/ubl',
    base: `${XRX}/04.01a-INVOICE_ubl.xml`,
    edits: [['<cbc:Name>Sanitär und Zubehör</cbc:Name>', '<cbc:Name>Sanitär und Zubehör</cbc:Name><cac:StandardItemIdentification><cbc:ID schemeID="XR99">4012345000016</cbc:ID></cac:StandardItemIdentification>']],
    ruleSet: 'xrechnung-extension',
    rule: 'BR-DEX-06',
  },
  {
    name: 'BR-DEX-08/ubl',
    base: `${XRX}/04.01a-INVOICE_ubl.xml`,
    edits: [['  <cac:LegalMonetaryTotal>', '  <cac:Delivery><cac:DeliveryLocation><cbc:ID schemeID="XR99">4000001000005</cbc:ID></cac:DeliveryLocation></cac:Delivery>\n  <cac:LegalMonetaryTotal>']],
    ruleSet: 'xrechnung-extension',
    rule: 'BR-DEX-08',
  },
  { name: 'BR-DEX-15/cii', base: `${XRX}/04.05a-INVOICE_uncefact.xml`, edits: [['<ram:LineID>TEST_POSITION_01</ram:LineID>', '<ram:LineID>TEST_POSITION_01</ram:LineID><ram:ParentLineID>0</ram:ParentLineID>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-15' },
  { name: 'BR-DEX-07/ubl', base: `${XRX}/04.01a-INVOICE_ubl.xml`, edits: [['<cbc:EndpointID schemeID="EM">seller@email.de', '<cbc:EndpointID schemeID="XR99">seller@email.de']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-07' },
  { name: 'BR-DEX-09/ubl', base: `${XRX}/05.01a-INVOICE_ubl.xml`, edits: [['<cbc:PayableAmount currencyID="EUR">366.86</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">366.87</cbc:PayableAmount>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-09' },
  { name: 'BR-DEX-10/ubl', base: `${XRX}/05.01a-INVOICE_ubl.xml`, edits: [['<cbc:ID>MobilesBezahlen</cbc:ID>', '']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-10' },
  { name: 'BR-DEX-12/ubl', base: `${XRX}/05.01a-INVOICE_ubl.xml`, edits: [[/<cbc:InstructionID>Mobiles Bezahlen[^<]*<\/cbc:InstructionID>/, '<cbc:InstructionID> </cbc:InstructionID>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-12' },
  { name: 'BR-DEX-13/ubl', base: `${XRX}/05.01a-INVOICE_ubl.xml`, edits: [['<cbc:PaidAmount currencyID="EUR">19.96</cbc:PaidAmount>', '<cbc:PaidAmount currencyID="EUR">19.960</cbc:PaidAmount>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-13' },
  { name: 'BR-DEX-14/ubl', base: `${XRX}/05.01a-INVOICE_ubl.xml`, edits: [['<cbc:PaidAmount currencyID="EUR">19.96</cbc:PaidAmount>', '<cbc:PaidAmount currencyID="USD">19.96</cbc:PaidAmount>']], ruleSet: 'xrechnung-extension', rule: 'BR-DEX-14' },
];

export const OFFICIAL_CASES: readonly OfficialCase[] = [...EN16931_CASES, ...XRECHNUNG_CASES, ...CVD_CASES, ...EXTENSION_CASES];

/** The official stylesheets that judge a rule set and syntax (paths relative to the shared conformance folder). */
export function officialStylesheets(ruleSet: RuleSetId, syntax: 'UBL' | 'CII'): string[] {
  const en = `en16931/official-xslt/EN16931-${syntax}-validation.xslt`;
  return ruleSet === 'en16931' ? [en] : [en, `xrechnung/official-xslt/XRechnung-${syntax}-validation.xslt`];
}

/** The verdicts bench/official/record-verdicts.ts recorded, by case name. */
export function recordedVerdicts(): Record<string, { ruleSet: string; stylesheets: string[]; failed: Array<[string, string]> }> {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', 'official-verdicts.json'), 'utf8')) as Record<string, { ruleSet: string; stylesheets: string[]; failed: Array<[string, string]> }>;
}

/**
 * The official verdict as 'RULE:severity' strings. Findings flagged 'information' (BR-DE-TMP-32)
 * have no counterpart in the engine, whose severities are fatal and warning.
 */
export function officialFindings(failed: Array<[string, string]>): string[] {
  return [...new Set(failed.filter(([, flag]) => flag !== 'information').map(([id, flag]) => `${id}:${flag}`))].sort();
}
