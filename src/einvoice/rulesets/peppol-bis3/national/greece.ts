/**
 * GR-R-* and GR-S-*: rules for Greek sellers (UBL only: the CII Schematron has none): the
 * six-segment invoice number, TINs (VAT numbers prefixed EL, endpoints of scheme 9933), the MARK
 * number and the invoice URL.
 */
import type { Fire, Rule, RuleContext, Severity } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { peppolRule } from '../rule-kit';
import { all, first, ns, num, str } from '../xpath';

const F = 'GR-R';
const rule = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, severity, message, check, F);

const isGreek = (country: string) => country === 'GR' || country === 'EL';
const greekSender = (ctx: RuleContext) => isGreek(peppolContext(ctx).supplierCountry);
const greekSenderAndReceiver = (ctx: RuleContext) => greekSender(ctx) && isGreek(peppolContext(ctx).customerCountry);

/** u:TinVerification: nine digits, the ninth a weighted check digit of the first eight. */
export function greekTin(val: string): boolean {
  let sum = 0;
  for (let k = 0; k < 8; k++) sum += num(val.charAt(k)) * 2 ** (8 - k);
  return (sum % 11) % 10 === num(val.charAt(8));
}

const DATE = /^(0?[1-9]|[12][0-9]|3[01])[-\\/ ]?(0?[1-9]|1[0-2])[-\\/ ]?(19|20)[0-9]{2}/;
const DOCUMENT_TYPES = new Set(['1.1', '1.6', '2.1', '2.4', '5.1', '5.2']);
const MARK = '##M.AR.K##';
const URL = '##INVOICE|URL##';

/** tokenize(., '\|'): no token for an empty string. */
const segmentsOf = (id: XmlElement) => (str(id) === '' ? [] : str(id).split('|'));
const vatIdsOf = (party: XmlElement | undefined) => all(party, 'cac:PartyTaxScheme').filter((s) => ns(first(s, 'cac:TaxScheme/cbc:ID')) === 'VAT').flatMap((s) => all(s, 'cbc:CompanyID'));
/** `PartyTaxScheme[cac:TaxScheme/cbc:ID = 'VAT']/substring(cbc:CompanyID, 3, 9)` (no normalisation of the scheme). */
const tinsOf = (schemes: readonly XmlElement[]) =>
  schemes.filter((s) => all(s, 'cac:TaxScheme/cbc:ID').some((id) => str(id) === 'VAT')).flatMap((s) => all(s, 'cbc:CompanyID').map((c) => str(c).slice(2, 11)));

/** GR-S-011 / GR-R-006: exactly one VAT number, 'EL' and a valid TIN. */
function oneGreekVat(party: XmlElement): boolean {
  const ids = vatIdsOf(party);
  if (ids.length !== 1) return false;
  const value = str(ids[0]);
  return value.slice(0, 2) === 'EL' && greekTin(value.slice(2));
}

const invoiceIds = (ctx: RuleContext) => (greekSender(ctx) ? all(ctx.doc.root, 'cbc:ID') : []);
const segmentRule = (id: string, message: string, ok: (segments: string[], ctx: RuleContext) => boolean): Rule =>
  rule(id, 'fatal', message, (ctx, fire) => {
    for (const el of invoiceIds(ctx)) if (!ok(segmentsOf(el), ctx)) fire(xpathOf(el));
  });

const addressGR = (ctx: RuleContext) => all(ctx.doc.root, 'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress/cac:Country/cbc:IdentificationCode').some((c) => str(c) === 'GR');
const referencesDescribed = (root: XmlElement, description: string) =>
  all(root, '//cac:AdditionalDocumentReference').filter((r) => all(r, 'cbc:DocumentDescription').some((d) => str(d) === description));
const countDescribed = (root: XmlElement, description: string) => all(root, 'cac:AdditionalDocumentReference').filter((r) => all(r, 'cbc:DocumentDescription').some((d) => str(d) === description)).length;

const markRule = (id: string, severity: Severity, message: string, ok: (root: XmlElement) => boolean): Rule =>
  rule(id, severity, message, (ctx, fire) => {
    if (greekSender(ctx) && addressGR(ctx) && !ok(ctx.doc.root)) fire(xpathOf(ctx.doc.root));
  });

export const greekRules: Rule[] = [
  segmentRule('GR-R-001-1', ' When the Supplier is Greek, the Invoice Id should consist of 6 segments', (s) => s.length === 6),
  segmentRule(
    'GR-R-001-2',
    "When the Supplier is Greek, the Invoice Id first segment must be a valid TIN Number and match either the Supplier's or the Tax Representative's Tin Number",
    (s, ctx) => {
      const first1 = s[0] ?? '';
      const tins = [...tinsOf(all(ctx.doc.root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme')), ...tinsOf(all(ctx.doc.root, 'cac:TaxRepresentativeParty/cac:PartyTaxScheme'))];
      return s.length > 0 && ns(first1).length === 9 && greekTin(first1) && tins.includes(first1);
    },
  ),
  segmentRule('GR-R-001-3', 'When the Supplier is Greek, the Invoice Id second segment must be a valid Date that matches the invoice Issue Date', (s, ctx) => {
    const second = s[1];
    if (second === undefined || ns(second) === '' || !DATE.test(second)) return false;
    const date = second.split('/');
    const issue = all(ctx.doc.root, 'cbc:IssueDate').map(str)[0]?.split('-') ?? [];
    const eq = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a === b;
    return eq(date[0], issue[2]) && eq(date[1], issue[1]) && eq(date[2], issue[0]);
  }),
  segmentRule('GR-R-001-4', 'When Supplier is Greek, the Invoice Id third segment must be a positive integer', (s) => {
    const third = s[2];
    return third !== undefined && ns(third) !== '' && !Number.isNaN(num(third)) && /^\s*[+-]?\d+\s*$/.test(third) && Number(third) >= 0;
  }),
  segmentRule('GR-R-001-5', 'When Supplier is Greek, the Invoice Id in the fourth segment must be a valid greek document type', (s) => {
    const fourth = s[3];
    return fourth !== undefined && ns(fourth) !== '' && DOCUMENT_TYPES.has(fourth);
  }),
  segmentRule('GR-R-001-6', 'When Supplier is Greek, the Invoice Id fifth segment must not be empty', (s) => (s[4] ?? '').length > 0),
  segmentRule('GR-R-001-7', 'When Supplier is Greek, the Invoice Id sixth segment must not be empty', (s) => (s[5] ?? '').length > 0),
  rule(
    'GR-R-002',
    'fatal',
    'Greek Suppliers must provide their full name as they are registered in the Greek Business Registry (G.E.MH.) as a legal entity or in the Tax Registry as a natural person ',
    (ctx, fire) => {
      if (!greekSender(ctx)) return;
      for (const p of all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party')) if (str(first(p, 'cac:PartyName/cbc:Name')).length === 0) fire(xpathOf(p));
    },
  ),
  rule('GR-S-011', 'warning', 'Greek suppliers must provide their Seller Tax Registration Number, prefixed by the country code', (ctx, fire) => {
    if (!greekSender(ctx)) return;
    for (const p of all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party')) if (!oneGreekVat(p)) fire(xpathOf(p));
  }),
  rule('GR-R-003', 'fatal', "For the Greek Suppliers, the VAT must start with 'EL' and must be a valid TIN number", (ctx, fire) => {
    if (!greekSender(ctx)) return;
    for (const id of vatIdsOf(first(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party'))) if (!(str(id).slice(0, 2) === 'EL' && greekTin(str(id).slice(2)))) fire(xpathOf(id));
  }),
  markRule('GR-R-004-1', 'fatal', ' When Supplier is Greek, there must be one MARK Number', (root) => countDescribed(root, MARK) === 1),
  markRule('GR-S-008-1', 'warning', 'When Supplier is Greek, there should be one invoice url', (root) => countDescribed(root, URL) === 1),
  markRule('GR-R-008-2', 'fatal', 'When Supplier is Greek, there should be no more than one invoice url', (root) => countDescribed(root, URL) <= 1),
  rule('GR-R-004-2', 'fatal', 'When Supplier is Greek, the MARK Number must be a positive integer', (ctx, fire) => {
    if (!greekSender(ctx) || !addressGR(ctx)) return;
    for (const r of referencesDescribed(ctx.doc.root, MARK)) for (const id of all(r, 'cbc:ID')) if (!/^[1-9]([0-9]*)/.test(str(id))) fire(xpathOf(id));
  }),
  rule('GR-R-008-3', 'fatal', 'When Supplier is Greek and the INVOICE URL Document reference exists, the External Reference URI should be present', (ctx, fire) => {
    if (!greekSender(ctx)) return;
    for (const r of referencesDescribed(ctx.doc.root, URL)) if (ns(first(r, 'cac:Attachment/cac:ExternalReference/cbc:URI')).length === 0) fire(xpathOf(r));
  }),
  rule('GR-R-005', 'fatal', 'Greek Suppliers must provide the full name of the buyer', (ctx, fire) => {
    if (!greekSender(ctx)) return;
    for (const p of all(ctx.doc.root, '//cac:AccountingCustomerParty/cac:Party')) if (str(first(p, 'cac:PartyName/cbc:Name')).length === 0) fire(xpathOf(p));
  }),
  rule(
    'GR-R-009',
    'fatal',
    'Greek suppliers that send an invoice through the PEPPOL network must use a correct TIN number as an electronic address according to PEPPOL Electronic Address Identifier scheme (schemeID 9933).',
    (ctx, fire) => {
      if (!isGreek(peppolContext(ctx).accountingSupplierCountry)) return;
      for (const e of all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party/cbc:EndpointID')) if (!(e.attrs.schemeID === '9933' && greekTin(str(e)))) fire(xpathOf(e));
    },
  ),
  rule('GR-R-006', 'fatal', 'Greek Suppliers must provide the VAT number of the buyer, if the buyer is Greek ', (ctx, fire) => {
    if (!greekSenderAndReceiver(ctx)) return;
    for (const p of all(ctx.doc.root, '//cac:AccountingCustomerParty/cac:Party')) if (!oneGreekVat(p)) fire(xpathOf(p));
  }),
  rule(
    'GR-R-010',
    'fatal',
    'Greek Suppliers that send an invoice through the PEPPOL network to a greek buyer must use a correct TIN number as an electronic address according to PEPPOL Electronic Address Identifier scheme (SchemeID 9933)',
    (ctx, fire) => {
      if (!greekSenderAndReceiver(ctx)) return;
      for (const e of all(ctx.doc.root, '//cac:AccountingCustomerParty/cac:Party/cbc:EndpointID')) if (!(e.attrs.schemeID === '9933' && greekTin(str(e)))) fire(xpathOf(e));
    },
  ),
];
