/**
 * The engine's worst case by document size: for every rule set and size, the slowest of a family
 * of hostile document shapes, in this process, warm. One run is what the engine thread does for a
 * plain-XML document (src/stages/engine/engine-tasks.ts): `parseTree(readXml(bytes))`, then
 * `validateInvoice(parsed, { ruleSet })` and `canonicalFromModel(parsed.invoice)`; a document the
 * reader rejects counts until the ParseError. Per document the median of --runs runs.
 *
 * Shapes, each scaled to the size (a template of ≈2-3 KB plus repeated units or one long text):
 * the hostile documents of bench/hostile.bench.ts (regex bomb, attribute run, unclosed tags, nested
 * comments/CDATA, deep nesting, billion laughs, huge numbers) and of test/support/hostile-cases.ts
 * (floods of attributes, declarations, comments, CDATA, PIs, references, brackets; unclosed
 * constructs; long amounts), seeded truncations and bit flips of a document of many lines
 * (test/support/hostile-input.ts), and shapes aimed at the rule sets'
 * costly rules: many invoice lines (with allowances, identifiers, properties), VAT breakdowns,
 * document allowances, party identifiers with schemes (checksummed GLNs), attachments with file
 * names (BR-DE-22, DE-R-022), notes, payment terms (Skonto lines, '#' runs), long telephone, email,
 * name, date, decimal, code and IBAN texts, deep nesting, many attributes and namespaces, comments,
 * CDATA, character references, two lists a rule compares (payee and seller identifiers, gross and
 * net quantities, tax totals and currency codes, line and header periods, prepaid payments and
 * currency codes); in UBL (German seller and buyer, so the DE rules run) and CII.
 *
 * Prints per rule set and size the slowest shape, its ms and the ratio to the previous size
 * (linear ⇒ ≈2; > 2.6 flagged), and with --all every shape's ms per size. ms is CPU time
 * (process.cpuUsage): on a machine that other jobs load, the wall clock (also printed) counts the
 * time the thread waited for a core.
 *
 *   npm run bench:worstcase -- [--runs 5] [--sizes 8,16,32,64,128,256] [--rule-set ID] [--shape SUBSTRING] [--all]
 *
 * --check: per shape (smallest size) whether it parses and how many findings each rule set gives,
 * then exit; --dump DIR: also write every document to DIR (to profile one).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseTree, ParseError, readXml, type RuleSetId, validateInvoice } from '../src/einvoice';
import { canonicalFromModel } from '../src/stages/canonical/from-model';
import { billionLaughsLines, mutationsOf } from '../test/support/hostile-input';

const UBL_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(option('--runs') ?? 5);
const SIZES_KB = (option('--sizes') ?? '8,16,32,64,128,256').split(',').map(Number);
const RULE_SETS: RuleSetId[] = option('--rule-set') ? [option('--rule-set') as RuleSetId] : ['en16931', 'peppol-bis3', 'xrechnung'];
const SHAPE_FILTER = option('--shape');
const ALL = args.includes('--all');
const DUMP = option('--dump');
const CHECK = args.includes('--check');
/** A growth ratio above this between two sizes (twice the size) is flagged as super-linear. */
const FLAG_RATIO = 2.6;

// ---------------------------------------------------------------------------------------------
// Templates

const UBL_DEFAULTS = {
  rootAttrs: '',
  head: '',
  notes: '<cbc:Note>Invoice note</cbc:Note>',
  issueDate: '2024-05-01',
  typeCode: '380',
  currency: 'EUR',
  docRefs: '',
  supplierIds: '<cac:PartyIdentification><cbc:ID schemeID="0088">4000001123452</cbc:ID></cac:PartyIdentification>',
  supplierName: 'Lieferant GmbH',
  telephone: '+49 30 1234567',
  email: 'rechnung@lieferant.example.de',
  payTerms: '#SKONTO#TAGE=14#PROZENT=2.00#\n',
  iban: 'DE02120300000000202051',
  allowances: '',
  subtotals:
    '<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount><cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>',
  payable: '119.00',
  lines: '',
  extra: '',
  payee: '',
};
type UblParts = typeof UBL_DEFAULTS;

const ublLine = (i: number, extra = ''): string =>
  `<cac:InvoiceLine><cbc:ID>${i}</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>${extra}<cac:Item><cbc:Name>Item ${i}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">100.00</cbc:PriceAmount></cac:Price></cac:InvoiceLine>`;

function ubl(parts: Partial<UblParts>): string {
  const p = { ...UBL_DEFAULTS, ...parts };
  const lines = p.lines === '' ? ublLine(1) : p.lines;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"${p.rootAttrs}>${p.head}
<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>RE-2024-0001</cbc:ID><cbc:IssueDate>${p.issueDate}</cbc:IssueDate><cbc:DueDate>2024-05-31</cbc:DueDate><cbc:InvoiceTypeCode>${p.typeCode}</cbc:InvoiceTypeCode>${p.notes}
<cbc:DocumentCurrencyCode>${p.currency}</cbc:DocumentCurrencyCode><cbc:BuyerReference>04011000-12345-34</cbc:BuyerReference>${p.docRefs}
<cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="EM">rechnung@lieferant.example.de</cbc:EndpointID>${p.supplierIds}<cac:PartyName><cbc:Name>${p.supplierName}</cbc:Name></cac:PartyName><cac:PostalAddress><cbc:StreetName>Hauptstr. 1</cbc:StreetName><cbc:CityName>Berlin</cbc:CityName><cbc:PostalZone>10115</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Lieferant GmbH</cbc:RegistrationName></cac:PartyLegalEntity><cac:Contact><cbc:Name>Frau Muster</cbc:Name><cbc:Telephone>${p.telephone}</cbc:Telephone><cbc:ElectronicMail>${p.email}</cbc:ElectronicMail></cac:Contact></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="EM">einkauf@kunde.example.de</cbc:EndpointID><cac:PostalAddress><cbc:StreetName>Nebenweg 2</cbc:StreetName><cbc:CityName>Hamburg</cbc:CityName><cbc:PostalZone>20095</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country></cac:PostalAddress><cac:PartyLegalEntity><cbc:RegistrationName>Kunde AG</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
${p.payee}
<cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode><cac:PayeeFinancialAccount><cbc:ID>${p.iban}</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
<cac:PaymentTerms><cbc:Note>${p.payTerms}</cbc:Note></cac:PaymentTerms>${p.allowances}
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>${p.subtotals}</cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">${p.payable}</cbc:PayableAmount></cac:LegalMonetaryTotal>
${lines}${p.extra}
</Invoice>
`;
}

const CII_DEFAULTS = {
  notes: '<ram:IncludedNote><ram:Content>Invoice note</ram:Content></ram:IncludedNote>',
  lines: '',
  telephone: '+49 30 1234567',
  email: 'rechnung@lieferant.example.de',
  refs: '',
  taxes:
    '<ram:ApplicableTradeTax><ram:CalculatedAmount>19.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>',
  allowances: '',
  payTerms: '#SKONTO#TAGE=14#PROZENT=2.00#\n',
  settlement: '',
  monetary: '',
};
type CiiParts = typeof CII_DEFAULTS;

const ciiLine = (i: number, extra = ''): string =>
  `<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:LineID>${i}</ram:LineID></ram:AssociatedDocumentLineDocument><ram:SpecifiedTradeProduct><ram:Name>Item ${i}</ram:Name></ram:SpecifiedTradeProduct><ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>100.00</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement><ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery><ram:SpecifiedLineTradeSettlement><ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:ApplicableTradeTax>${extra}<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement></ram:IncludedSupplyChainTradeLineItem>`;

function cii(parts: Partial<CiiParts>): string {
  const p = { ...CII_DEFAULTS, ...parts };
  const lines = p.lines === '' ? ciiLine(1) : p.lines;
  return `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100">
<rsm:ExchangedDocumentContext><ram:BusinessProcessSpecifiedDocumentContextParameter><ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID></ram:BusinessProcessSpecifiedDocumentContextParameter><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
<rsm:ExchangedDocument><ram:ID>RE-2024-0001</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20240501</udt:DateTimeString></ram:IssueDateTime>${p.notes}</rsm:ExchangedDocument>
<rsm:SupplyChainTradeTransaction>${lines}
<ram:ApplicableHeaderTradeAgreement><ram:BuyerReference>04011000-12345-34</ram:BuyerReference><ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name><ram:DefinedTradeContact><ram:PersonName>Frau Muster</ram:PersonName><ram:TelephoneUniversalCommunication><ram:CompleteNumber>${p.telephone}</ram:CompleteNumber></ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication><ram:URIID>${p.email}</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact><ram:PostalTradeAddress><ram:PostcodeCode>10115</ram:PostcodeCode><ram:LineOne>Hauptstr. 1</ram:LineOne><ram:CityName>Berlin</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress><ram:URIUniversalCommunication><ram:URIID schemeID="EM">rechnung@lieferant.example.de</ram:URIID></ram:URIUniversalCommunication><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty><ram:BuyerTradeParty><ram:Name>Kunde AG</ram:Name><ram:PostalTradeAddress><ram:PostcodeCode>20095</ram:PostcodeCode><ram:LineOne>Nebenweg 2</ram:LineOne><ram:CityName>Hamburg</ram:CityName><ram:CountryID>DE</ram:CountryID></ram:PostalTradeAddress><ram:URIUniversalCommunication><ram:URIID schemeID="EM">einkauf@kunde.example.de</ram:URIID></ram:URIUniversalCommunication></ram:BuyerTradeParty>${p.refs}</ram:ApplicableHeaderTradeAgreement>
<ram:ApplicableHeaderTradeDelivery/>
<ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>${p.settlement}<ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode><ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>${p.taxes}${p.allowances}<ram:SpecifiedTradePaymentTerms><ram:Description>${p.payTerms}</ram:Description><ram:DueDateDateTime><udt:DateTimeString format="102">20240531</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms><ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount><ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount><ram:GrandTotalAmount>119.00</ram:GrandTotalAmount><ram:DuePayableAmount>119.00</ram:DuePayableAmount>${p.monetary}</ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
</rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
`;
}

// ---------------------------------------------------------------------------------------------
// Shapes

interface Shape {
  name: string;
  /** The document of about `bytes` bytes (never less than its template). */
  build: (bytes: number) => string;
}

/** `unit(0) + unit(1) + …` while it fits in `budget` characters (at least one unit). */
function repeat(budget: number, unit: (i: number) => string): string {
  let out = unit(0);
  for (let i = 1; ; i++) {
    const next = unit(i);
    if (out.length + next.length > budget) return out;
    out += next;
  }
}

/** `text` repeated as often as fits in `n` characters (at least once). */
const stretch = (text: string, n: number): string => text.repeat(Math.max(1, Math.floor(n / text.length)));

/** Two lists of k units each, k as large as fits in `budget` characters together. */
function pairs(budget: number, a: (i: number) => string, b: (i: number) => string): [string, string] {
  const k = Math.max(1, Math.floor(budget / (a(0).length + b(0).length + 2)));
  return [Array.from({ length: k }, (_, i) => a(i)).join(''), Array.from({ length: k }, (_, i) => b(i)).join('')];
}

/** A UBL document whose `slot` holds repeated units, growing to `bytes`. */
const ublUnits =
  (slot: keyof UblParts, unit: (i: number) => string, fixed: Partial<UblParts> = {}) =>
  (bytes: number): string => {
    const base = ubl({ ...fixed, [slot]: '' }).length;
    return ubl({ ...fixed, [slot]: repeat(bytes - base, unit) });
  };
/** A UBL document whose `slot` is one text of the remaining length, made by `text(n)`. */
const ublText =
  (slot: keyof UblParts, text: (n: number) => string, fixed: Partial<UblParts> = {}) =>
  (bytes: number): string => {
    const base = ubl({ ...fixed, [slot]: '' }).length;
    return ubl({ ...fixed, [slot]: text(Math.max(bytes - base, 16)) });
  };
const ciiUnits =
  (slot: keyof CiiParts, unit: (i: number) => string) =>
  (bytes: number): string => {
    const base = cii({ [slot]: '' }).length;
    return cii({ [slot]: repeat(bytes - base, unit) });
  };
const ciiText =
  (slot: keyof CiiParts, text: (n: number) => string) =>
  (bytes: number): string => {
    const base = cii({ [slot]: '' }).length;
    return cii({ [slot]: text(Math.max(bytes - base, 16)) });
  };

const CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M', 'O'];
const subtotal = (i: number): string => {
  const c = CATEGORIES[i % CATEGORIES.length];
  const rate = c === 'S' || c === 'L' || c === 'M' ? String(1 + (i % 30)) : '0';
  return `<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">${i}.00</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">0.${i % 100}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>${c}</cbc:ID><cbc:Percent>${rate}</cbc:Percent><cbc:TaxExemptionReasonCode>VATEX-EU-${i}</cbc:TaxExemptionReasonCode><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:TaxSubtotal>`;
};
const allowance = (i: number): string =>
  `<cac:AllowanceCharge><cbc:ChargeIndicator>${i % 2 === 0 ? 'false' : 'true'}</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>${i % 2 === 0 ? '95' : 'FC'}</cbc:AllowanceChargeReasonCode><cbc:AllowanceChargeReason>Reason ${i}</cbc:AllowanceChargeReason><cbc:MultiplierFactorNumeric>${i % 100}</cbc:MultiplierFactorNumeric><cbc:Amount currencyID="EUR">${i}.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">${i * 10}.00</cbc:BaseAmount><cac:TaxCategory><cbc:ID>${CATEGORIES[i % CATEGORIES.length]}</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory></cac:AllowanceCharge>`;
const lineAllowance = (i: number): string =>
  `<cac:AllowanceCharge><cbc:ChargeIndicator>${i % 2 === 0 ? 'false' : 'true'}</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode><cbc:Amount currencyID="EUR">1.00</cbc:Amount><cbc:BaseAmount currencyID="EUR">10.00</cbc:BaseAmount></cac:AllowanceCharge>`;
/** Check digit of a GLN (GS1 mod 10), so the scheme 0088 check passes and the rule reads on. */
function gln(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}
const SCHEMES = ['0088', '0192', '0208', '0007', '0009', '0060', '0096', '0106', '0151', '0183', '0184', '0190', '0201', '0204', '9901', '9906', 'XX'];
const partyId = (i: number): string => {
  const scheme = SCHEMES[i % SCHEMES.length];
  const id = scheme === '0088' ? gln(String(400000000000 + i)) : scheme === '0192' ? String(100000000 + i) : `ID${i}`;
  return `<cac:PartyIdentification><cbc:ID schemeID="${scheme}">${id}</cbc:ID></cac:PartyIdentification>`;
};
const docRef = (i: number): string =>
  `<cac:AdditionalDocumentReference><cbc:ID schemeID="AAB">REF-${i}</cbc:ID><cbc:DocumentTypeCode>130</cbc:DocumentTypeCode><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="file-${i}.pdf">QUJD</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`;
const lineWithIds = (i: number): string =>
  ublLine(i).replace(
    '<cac:ClassifiedTaxCategory>',
    `<cac:StandardItemIdentification><cbc:ID schemeID="0160">${gln(String(400000000000 + i))}</cbc:ID></cac:StandardItemIdentification><cac:CommodityClassification><cbc:ItemClassificationCode listID="STI" listVersionID="1">${i}</cbc:ItemClassificationCode></cac:CommodityClassification><cac:ClassifiedTaxCategory>`,
  );
const lineWithProps = (i: number): string =>
  ublLine(i).replace(
    '</cac:ClassifiedTaxCategory>',
    `</cac:ClassifiedTaxCategory>${Array.from({ length: 5 }, (_, k) => `<cac:AdditionalItemProperty><cbc:Name>P${k}</cbc:Name><cbc:Value>V${i}</cbc:Value></cac:AdditionalItemProperty>`).join('')}`,
  );
const deepTree = (depth: number, i: number): string => `${'<x:D>'.repeat(depth)}${i}${'</x:D>'.repeat(depth)}`;

const ublShapes: Shape[] = [
  { name: 'ubl lines', build: ublUnits('lines', (i) => ublLine(i + 1)) },
  { name: 'ubl lines with 3 allowances', build: ublUnits('lines', (i) => ublLine(i + 1, lineAllowance(0) + lineAllowance(1) + lineAllowance(2))) },
  { name: 'ubl lines with item ids', build: ublUnits('lines', (i) => lineWithIds(i + 1)) },
  { name: 'ubl lines with 5 properties', build: ublUnits('lines', (i) => lineWithProps(i + 1)) },
  { name: 'ubl lines, one id', build: ublUnits('lines', () => ublLine(1)) },
  { name: 'ubl VAT breakdowns', build: ublUnits('subtotals', subtotal) },
  { name: 'ubl VAT breakdowns, one category', build: ublUnits('subtotals', () => subtotal(0)) },
  { name: 'ubl document allowances', build: ublUnits('allowances', allowance) },
  { name: 'ubl party identifiers', build: ublUnits('supplierIds', partyId) },
  { name: 'ubl attachments (file names)', build: ublUnits('docRefs', docRef) },
  { name: 'ubl attachments, one file name', build: ublUnits('docRefs', () => docRef(0)) },
  {
    name: 'ubl payee × seller identifiers',
    build: (bytes) => {
      const base = ubl({ supplierIds: '', payee: '<cac:PayeeParty><cac:PartyName><cbc:Name>Payee</cbc:Name></cac:PartyName></cac:PayeeParty>' }).length;
      const [seller, payee] = pairs(
        bytes - base,
        (i) => `<cac:PartyIdentification><cbc:ID>S${i}</cbc:ID></cac:PartyIdentification>`,
        (i) => `<cac:PartyIdentification><cbc:ID>P${i}</cbc:ID></cac:PartyIdentification>`,
      );
      return ubl({ supplierIds: seller, payee: `<cac:PayeeParty>${payee}<cac:PartyName><cbc:Name>Payee</cbc:Name></cac:PartyName></cac:PayeeParty>` });
    },
  },
  {
    name: 'ubl prepaid payments × currency codes',
    build: (bytes) => {
      const base = ubl({}).length;
      const [paid, codes] = pairs(
        bytes - base,
        (i) => `<cac:PrepaidPayment><cbc:ID>${i}</cbc:ID><cbc:PaidAmount currencyID="USD">1.00</cbc:PaidAmount><cbc:InstructionID>X</cbc:InstructionID></cac:PrepaidPayment>`,
        () => '</cbc:DocumentCurrencyCode><cbc:DocumentCurrencyCode>EUR',
      );
      return ubl({ currency: 'EUR' + codes, extra: paid });
    },
  },
  { name: 'ubl notes', build: ublUnits('notes', (i) => `<cbc:Note>#ADU#Note ${i}</cbc:Note>`) },
  { name: 'ubl Skonto lines', build: ublText('payTerms', (n) => stretch('#SKONTO#TAGE=14#PROZENT=2.00#\n', n)) },
  { name: 'ubl Skonto, bad lines', build: ublText('payTerms', (n) => stretch('#SKONTO#TAGE=14#PROZENT=2.0#\n', n)) },
  { name: 'ubl payment terms #…', build: ublText('payTerms', (n) => stretch('#', n)) },
  { name: 'ubl payment terms # a', build: ublText('payTerms', (n) => '#' + stretch('a', n)) },
  { name: 'ubl payment terms #a lines', build: ublText('payTerms', (n) => stretch('#a\n', n)) },
  { name: 'ubl payment terms #SKONTO#TAGE=1…', build: ublText('payTerms', (n) => '#SKONTO#TAGE=' + stretch('1', n)) },
  { name: 'ubl telephone 2 digits + x', build: ublText('telephone', (n) => '12' + stretch('x', n)) },
  { name: 'ubl telephone digit lines', build: ublText('telephone', (n) => stretch('1\n', n)) },
  { name: 'ubl telephone x', build: ublText('telephone', (n) => stretch('x', n)) },
  { name: 'ubl telephone digits', build: ublText('telephone', (n) => stretch('1', n)) },
  { name: 'ubl email a…@', build: ublText('email', (n) => stretch('a', n) + '@') },
  { name: 'ubl email @a-…', build: ublText('email', (n) => 'a@' + stretch('a-', n) + '!') },
  { name: 'ubl email @a.…', build: ublText('email', (n) => 'a@' + stretch('a.', n) + '.') },
  { name: 'ubl email a.…@', build: ublText('email', (n) => stretch('a.', n) + '@') },
  { name: 'ubl email @…@', build: ublText('email', (n) => stretch('@a', n)) },
  { name: 'ubl long name', build: ublText('supplierName', (n) => stretch('Lieferant ', n)) },
  { name: 'ubl long date', build: ublText('issueDate', (n) => '2024-05-01' + stretch('9', n)) },
  { name: 'ubl long date digits', build: ublText('issueDate', (n) => stretch('2', n)) },
  { name: 'ubl huge decimal', build: ublText('payable', (n) => stretch('9', n >> 1) + '.' + stretch('9', n >> 1)) },
  { name: 'ubl decimal 1.1.1', build: ublText('payable', (n) => stretch('1.', n)) },
  { name: 'ubl long type code', build: ublText('typeCode', (n) => stretch('3', n)) },
  { name: 'ubl long currency', build: ublText('currency', (n) => stretch('EUR', n)) },
  { name: 'ubl long IBAN', build: ublText('iban', (n) => 'DE02' + stretch('1', n)) },
  { name: 'ubl long IBAN spaces', build: ublText('iban', (n) => stretch('D ', n)) },
  { name: 'ubl deep nesting (60) x many', build: ublUnits('extra', (i) => deepTree(60, i), { rootAttrs: ' xmlns:x="urn:x"' }) },
  { name: 'ubl unknown elements', build: ublUnits('extra', (i) => `<x:U${i % 50} xmlns:x="urn:x">${i}</x:U${i % 50}>`) },
  { name: 'ubl many attributes, one element', build: ublText('rootAttrs', (n) => repeat(n, (i) => ` a${i}="1"`)) },
  { name: 'ubl attributes everywhere', build: ublUnits('notes', (i) => `<cbc:Note a="1" b="2" c="3" d="4" e="5" f="${i}">n</cbc:Note>`) },
  { name: 'ubl many namespaces (root)', build: ublText('rootAttrs', (n) => repeat(n, (i) => ` xmlns:p${i}="urn:p:${i}"`)) },
  { name: 'ubl many namespaces (nested)', build: ublUnits('extra', (i) => `<p${i}:E xmlns:p${i}="urn:p:${i}" xmlns:q="urn:q${i}"/>`) },
  { name: 'ubl long comment', build: ublText('head', (n) => `<!--${stretch('c', n - 7)}-->`) },
  { name: 'ubl many comments', build: ublUnits('head', () => '<!-- c -->') },
  { name: 'ubl long CDATA note', build: ublText('notes', (n) => `<cbc:Note><![CDATA[${stretch('<a>', n - 30)}]]></cbc:Note>`) },
  { name: 'ubl entity refs', build: ublText('notes', (n) => `<cbc:Note>${stretch('&amp;', n - 30)}</cbc:Note>`) },
  { name: 'ubl char refs', build: ublText('notes', (n) => `<cbc:Note>${stretch('&#x41;', n - 30)}</cbc:Note>`) },
  { name: 'ubl entity-like text', build: ublText('notes', (n) => `<cbc:Note>${stretch('&amp;amp; &amp;#x41; &lt;!-- x --&gt;', n - 30)}</cbc:Note>`) },
];

const ciiShapes: Shape[] = [
  { name: 'cii lines', build: ciiUnits('lines', (i) => ciiLine(i + 1)) },
  {
    name: 'cii lines with allowances',
    build: ciiUnits('lines', (i) =>
      ciiLine(
        i + 1,
        '<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>false</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>1.00</ram:ActualAmount><ram:ReasonCode>95</ram:ReasonCode></ram:SpecifiedTradeAllowanceCharge>'.repeat(3),
      ),
    ),
  },
  {
    name: 'cii trade taxes',
    build: ciiUnits(
      'taxes',
      (i) =>
        `<ram:ApplicableTradeTax><ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReasonCode>VATEX-EU-${i}</ram:ExemptionReasonCode><ram:BasisAmount>${i}.00</ram:BasisAmount><ram:CategoryCode>${CATEGORIES[i % CATEGORIES.length]}</ram:CategoryCode><ram:RateApplicablePercent>${i % 30}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`,
    ),
  },
  {
    name: 'cii allowances',
    build: ciiUnits(
      'allowances',
      (i) =>
        `<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>${i % 2 === 0}</udt:Indicator></ram:ChargeIndicator><ram:ActualAmount>${i}.00</ram:ActualAmount><ram:ReasonCode>95</ram:ReasonCode><ram:CategoryTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${CATEGORIES[i % CATEGORIES.length]}</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent></ram:CategoryTradeTax></ram:SpecifiedTradeAllowanceCharge>`,
    ),
  },
  {
    name: 'cii attachments (file names)',
    build: ciiUnits(
      'refs',
      (i) =>
        `<ram:AdditionalReferencedDocument><ram:IssuerAssignedID>REF-${i}</ram:IssuerAssignedID><ram:TypeCode>916</ram:TypeCode><ram:AttachmentBinaryObject mimeCode="application/pdf" filename="file-${i}.pdf">QUJD</ram:AttachmentBinaryObject></ram:AdditionalReferencedDocument>`,
    ),
  },
  {
    name: 'cii line periods × header periods',
    build: (bytes) => {
      const base = cii({}).length;
      const [header, lines] = pairs(
        bytes - base,
        (i) => `<udt:DateTimeString format="102">2023${String(1000 + (i % 9000)).padStart(4, '0')}</udt:DateTimeString>`,
        (i) =>
          ciiLine(
            i + 1,
            '<ram:BillingSpecifiedPeriod><ram:StartDateTime><udt:DateTimeString format="102">20200101</udt:DateTimeString></ram:StartDateTime><ram:EndDateTime><udt:DateTimeString format="102">20200101</udt:DateTimeString></ram:EndDateTime></ram:BillingSpecifiedPeriod>',
          ),
      );
      return cii({ lines, settlement: `<ram:BillingSpecifiedPeriod><ram:StartDateTime>${header}</ram:StartDateTime><ram:EndDateTime>${header.replaceAll('2023', '2019')}</ram:EndDateTime></ram:BillingSpecifiedPeriod>` });
    },
  },
  {
    name: 'cii gross × net basis quantities',
    build: (bytes) => {
      const base = cii({}).length;
      const [gross, net] = pairs(
        bytes - base,
        (i) => `<ram:BasisQuantity unitCode="G${i}">${i}</ram:BasisQuantity>`,
        (i) => `<ram:BasisQuantity unitCode="N${i}">-${i}</ram:BasisQuantity>`,
      );
      const line = ciiLine(1).replace(
        '<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>100.00</ram:ChargeAmount>',
        `<ram:SpecifiedLineTradeAgreement><ram:GrossPriceProductTradePrice><ram:ChargeAmount>100.00</ram:ChargeAmount>${gross}</ram:GrossPriceProductTradePrice><ram:NetPriceProductTradePrice><ram:ChargeAmount>100.00</ram:ChargeAmount>${net}`,
      );
      return cii({ lines: line });
    },
  },
  {
    name: 'cii tax totals × currency codes',
    build: (bytes) => {
      const base = cii({}).length;
      const [totals, codes] = pairs(
        bytes - base,
        (i) => `<ram:TaxTotalAmount currencyID="X${i}">1.00</ram:TaxTotalAmount>`,
        () => '<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>',
      );
      return cii({ settlement: `<ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>${codes}`, monetary: totals });
    },
  },
  { name: 'cii notes', build: ciiUnits('notes', (i) => `<ram:IncludedNote><ram:Content>Note ${i}</ram:Content><ram:SubjectCode>ADU</ram:SubjectCode></ram:IncludedNote>`) },
  { name: 'cii telephone digit lines', build: ciiText('telephone', (n) => stretch('1\n', n)) },
  { name: 'cii telephone 2 digits + x', build: ciiText('telephone', (n) => '12' + stretch('x', n)) },
  { name: 'cii email @a.…', build: ciiText('email', (n) => 'a@' + stretch('a.', n) + '.') },
  { name: 'cii payment terms #…', build: ciiText('payTerms', (n) => stretch('#', n)) },
  { name: 'cii Skonto lines', build: ciiText('payTerms', (n) => stretch('#SKONTO#TAGE=14#PROZENT=2.00#\n', n)) },
];

/** bench/hostile.bench.ts's hostile documents, scaled to the size. */
function hostileShapes(): Shape[] {
  const huge = ubl({});
  return [
    { name: 'hostile: regex bomb (<ID …)', build: (b) => '<Invoice>' + stretch('<ID ', b - 9) },
    { name: 'hostile: regex bomb closed at the end', build: (b) => '<Invoice>' + stretch('<ID ', b - 10) + '>' },
    { name: 'hostile: attribute run', build: (b) => '<Invoice><Note ' + repeat(b - 30, (i) => `a${i}="1" `) + '><cbc:ID>' },
    { name: 'hostile: unclosed tags', build: (b) => '<Invoice>' + stretch('<Open>', b - 9) },
    { name: 'hostile: nested comments', build: (b) => '<Invoice>' + stretch('<!-- <!-- ', b - 9) },
    { name: 'hostile: nested CDATA', build: (b) => '<Invoice>' + stretch('<![CDATA[ <![CDATA[ ', b - 9) },
    {
      name: 'hostile: deep nesting',
      build: (b) => {
        const n = Math.floor((b - 100) / 7);
        return '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">' + '<X>'.repeat(n) + '</X>'.repeat(n) + '</Invoice>';
      },
    },
    { name: 'hostile: billion laughs (fixed size)', build: () => billionLaughsLines().join('\n') },
    // test/support/hostile-cases.ts's hostileXmlDocuments, scaled (its fixed-size ones are 100 KB - 2 MB).
    { name: 'hostile: unclosed attribute values', build: (b) => '<Invoice ' + stretch('a="', b - 9) },
    { name: 'hostile: unclosed long attribute', build: (b) => `<Invoice xmlns="${UBL_NS}" a="${stretch('x', b - 90)}` },
    { name: 'hostile: long attribute list', build: (b) => `<Invoice xmlns="${UBL_NS}" ${repeat(b - 100, (i) => `a${i}="1" `)}></Invoice>` },
    { name: 'hostile: duplicate attributes', build: (b) => `<Invoice xmlns="${UBL_NS}" ${stretch('a="1" ', b - 100)}></Invoice>` },
    { name: 'hostile: namespace declaration flood', build: (b) => `<Invoice xmlns="${UBL_NS}" ${repeat(b - 100, (i) => `xmlns:p${i}="urn:x:${i}" `)}></Invoice>` },
    { name: 'hostile: unclosed comments', build: (b) => '<Invoice>' + stretch('<!--', b - 9) },
    { name: 'hostile: comment flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('<!-- x -->', b - 90)}</Invoice>` },
    { name: 'hostile: unclosed long comment', build: (b) => `<Invoice xmlns="${UBL_NS}"><!--${stretch('-', b - 90)}` },
    { name: 'hostile: unclosed CDATA', build: (b) => `<Invoice xmlns="${UBL_NS}"><![CDATA[${stretch(']', b - 90)}` },
    { name: 'hostile: CDATA flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('<![CDATA[x]]>', b - 90)}</Invoice>` },
    { name: 'hostile: processing instruction flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('<?x y?>', b - 90)}</Invoice>` },
    { name: 'hostile: unclosed processing instructions', build: (b) => '<Invoice>' + stretch('<?x ', b - 9) },
    { name: 'hostile: angle bracket flood', build: (b) => stretch('<', b) },
    { name: 'hostile: close tag flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('</', b - 90)}` },
    { name: 'hostile: prefix flood', build: (b) => '<Invoice>' + stretch('<a:', b - 9) },
    { name: 'hostile: ampersand flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('&', b - 90)}</Invoice>` },
    { name: 'hostile: undeclared entity flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('&x;', b - 90)}</Invoice>` },
    { name: 'hostile: char reference flood', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('&#x41;', b - 90)}</Invoice>` },
    { name: 'hostile: self-closing siblings', build: (b) => `<Invoice xmlns="${UBL_NS}">${stretch('<a/>', b - 90)}</Invoice>` },
    { name: 'hostile: whitespace only', build: (b) => stretch(' \n\t ', b) },
    {
      name: 'hostile: all amounts 9…9',
      build: (b) => {
        const doc = ubl({ lines: repeat(4 * 1024, (i) => ublLine(i + 1)) });
        const amounts = (doc.match(/<cbc:[A-Za-z]*Amount[^>]*>[^<]*</g) ?? []).length;
        const digits = Math.max(1, Math.floor((b - doc.length) / Math.max(amounts, 1)));
        return doc.replace(/(<cbc:[A-Za-z]*Amount[^>]*>)[^<]*(<\/cbc:[A-Za-z]*Amount>)/g, `$1${'9'.repeat(digits)}$2`);
      },
    },
    ...[0, 1, 2, 3, 4, 5].map(
      (m): Shape => ({
        name: `hostile: ubl lines, mutation ${m} (${m % 2 === 0 ? 'truncated' : 'bit flips'})`,
        build: (b) => {
          const doc = Buffer.from(ubl({ lines: repeat(b - ubl({}).length, (i) => ublLine(i + 1)) }));
          return mutationsOf(doc, 4242 + b, 3)[m].bytes.toString('latin1');
        },
      }),
    ),
    {
      name: 'hostile: huge numbers',
      build: (b) => {
        const n = Math.max((b - huge.length) >> 1, 8);
        return ubl({ payable: `${'9'.repeat(n)}.${'9'.repeat(n)}` });
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring

/**
 * This process's CPU time in µs: not the time other processes of a loaded machine take from it.
 * (process.threadCpuUsage would leave out V8's helper threads, but it moves in steps of up to a
 * millisecond here, too coarse for a small document; the bench is synchronous, so the other
 * threads are the engine's garbage collection helpers.)
 */
const threadCpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

interface Timing {
  /** Wall clock, ms. */
  wall: number;
  /** CPU time, ms (see threadCpu). */
  cpu: number;
}

/** One run as the engine thread does it. */
function once(bytes: Uint8Array, ruleSet: RuleSetId): Timing {
  const cpu = threadCpu();
  const started = performance.now();
  try {
    const parsed = parseTree(readXml(bytes));
    validateInvoice(parsed, { ruleSet });
    canonicalFromModel(parsed.invoice);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
  }
  return { wall: performance.now() - started, cpu: (threadCpu() - cpu) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Medians of RUNS warm runs (after one more). */
function measure(bytes: Uint8Array, ruleSet: RuleSetId): Timing {
  once(bytes, ruleSet);
  const runs: Timing[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(once(bytes, ruleSet));
  return { wall: median(runs.map((t) => t.wall)), cpu: median(runs.map((t) => t.cpu)) };
}

interface Cell {
  shape: string;
  ms: number;
  wall: number;
  bytes: number;
}

function main(): void {
  const shapes = [...hostileShapes(), ...ublShapes, ...ciiShapes].filter((s) => SHAPE_FILTER === undefined || s.name.includes(SHAPE_FILTER));
  const documents = new Map<string, Uint8Array[]>();
  for (const shape of shapes) documents.set(shape.name, SIZES_KB.map((kb) => Buffer.from(shape.build(kb * 1024))));

  if (DUMP !== undefined) {
    mkdirSync(DUMP, { recursive: true });
    for (const shape of shapes) documents.get(shape.name)!.forEach((bytes, s) => writeFileSync(join(DUMP, `${shape.name.replace(/[^A-Za-z0-9]+/g, '-')}-${SIZES_KB[s]}k.xml`), bytes));
  }
  if (CHECK) {
    for (const shape of shapes) {
      const bytes = documents.get(shape.name)![0];
      let line: string;
      try {
        const parsed = parseTree(readXml(bytes));
        line = RULE_SETS.map((ruleSet) => {
          const report = validateInvoice(parsed, { ruleSet });
          return `${ruleSet} ${report.errors.length}E/${report.warnings.length}W${report.ruleFailures.length > 0 ? `/${report.ruleFailures.length} failed` : ''}`;
        }).join(', ');
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
        line = `ParseError: ${error.message.slice(0, 80)}`;
      }
      process.stdout.write(`${shape.name.padEnd(40)} ${line}\n`);
    }
    return;
  }

  // Warm-up: every shape at the smallest size, by every rule set, a few times.
  for (let w = 0; w < 3; w++) for (const ruleSet of RULE_SETS) for (const shape of shapes) once(documents.get(shape.name)![0], ruleSet);

  const out: string[] = [
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${shapes.length} shapes, median of ${RUNS} runs (parse + validate + canonical), warm`,
    'ms: CPU time of the process (what a loaded machine does not inflate); wall: the wall clock',
  ];
  const flagged: string[] = [];
  for (const ruleSet of RULE_SETS) {
    const table: Map<string, number[]> = new Map();
    const worst: Cell[] = [];
    SIZES_KB.forEach((kb, s) => {
      let top: Cell = { shape: '', ms: -1, wall: 0, bytes: 0 };
      for (const shape of shapes) {
        const bytes = documents.get(shape.name)![s];
        const { cpu, wall } = measure(bytes, ruleSet);
        if (!table.has(shape.name)) table.set(shape.name, []);
        table.get(shape.name)!.push(cpu);
        if (cpu > top.ms) top = { shape: shape.name, ms: cpu, wall, bytes: bytes.byteLength };
      }
      worst.push(top);
    });
    out.push('', `rule set ${ruleSet}: slowest shape per size`, `  ${'size'.padStart(6)}  ${'ms'.padStart(8)}  ${'ratio'.padStart(6)}  ${'wall'.padStart(8)}  shape (bytes)`);
    worst.forEach((cell, s) => {
      const ratio = s === 0 ? undefined : cell.ms / worst[s - 1].ms;
      const flag = ratio !== undefined && ratio > FLAG_RATIO ? '  << super-linear?' : '';
      out.push(
        `  ${`${SIZES_KB[s]} KB`.padStart(6)}  ${cell.ms.toFixed(2).padStart(8)}  ${ratio === undefined ? '     -' : ratio.toFixed(2).padStart(6)}  ${cell.wall.toFixed(2).padStart(8)}  ${cell.shape} (${cell.bytes})${flag}`,
      );
    });
    // Per shape: flag growth faster than FLAG_RATIO per doubling over the last two doublings, above 0.5 ms.
    for (const [name, ms] of table) {
      const last = ms.length - 1;
      if (last < 1) continue;
      const steps = ms.slice(1).map((v, i) => v / Math.max(ms[i], 0.01));
      const growth = ms[last] / Math.max(ms[last - 1], 0.01);
      const prev = last >= 2 ? ms[last - 1] / Math.max(ms[last - 2], 0.01) : growth;
      if (ms[last] > 0.5 && growth > FLAG_RATIO && prev > FLAG_RATIO) flagged.push(`${ruleSet}: ${name}: ${ms.map((v) => v.toFixed(2)).join(' → ')} ms (ratios ${steps.map((v) => v.toFixed(1)).join(', ')})`);
    }
    if (ALL) {
      out.push(`  every shape, ms (CPU) per size (${SIZES_KB.map((kb) => `${kb} KB`).join(', ')}):`);
      for (const [name, ms] of [...table].sort((a, b) => b[1][b[1].length - 1] - a[1][a[1].length - 1])) out.push(`    ${name.padEnd(48)} ${ms.map((v) => v.toFixed(2).padStart(8)).join('')}`);
    }
  }
  out.push('', flagged.length === 0 ? `super-linear shapes: none (no shape above 0.5 ms grew more than ${FLAG_RATIO}× per doubling over the last two doublings)` : 'super-linear shapes:', ...flagged.map((f) => `  ${f}`), '');
  process.stdout.write(out.join('\n'));
}

main();
