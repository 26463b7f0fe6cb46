/**
 * DE-R-*: the German rules Peppol applies when seller and buyer are both in Germany (UBL only:
 * the CII Schematron has none): contacts and addresses, payment instructions by means code,
 * Skonto lines in the payment terms, IBANs, unique attachment names.
 */
import type { Fire, Rule, RuleContext, Severity } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { peppolRule } from '../rule-kit';
import { all, first, has, ns, num, str } from '../xpath';

const F = 'DE-R';
const rule = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, severity, message, check, F);

const german = (ctx: RuleContext) => peppolContext(ctx).supplierAddressCountry === 'DE' && peppolContext(ctx).customerAddressCountry === 'DE';

const SKONTO = /#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$/;
const EMAIL = /^[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+(\.[a-zA-Z0-9!#$%&"*+/=?^_`{|}~-]+)*@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const TELEPHONE = /([0-9].*){3,}/;
const SUPPORTED_VAT = new Set(['S', 'Z', 'E', 'AE', 'K', 'G', 'L', 'M']);
const SUPPORTED_TYPES = new Set(['326', '380', '384', '389', '381', '875', '876', '877']);

/** `X[boolean(normalize-space(.))]`: an element with non-blank content. */
const filled = (from: XmlElement | undefined, path: string) => all(from, path).some((el) => ns(el) !== '');

/** The whole IBAN check of DE-R-019/020: format, then mod 97 of the rearranged digits is 1. */
function validIban(raw: string): boolean {
  const iban = ns(raw.replace(/[ \n\r\t]/g, ''));
  if (!/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 2).toUpperCase() + iban.slice(2, 4);
  let digits = '';
  for (const ch of rearranged) {
    const cp = ch.codePointAt(0) ?? 0;
    digits += String(cp > 64 ? cp - 55 : cp - 48);
  }
  return BigInt(digits) % 97n === 1n;
}

/** DE-R-018: every Skonto line (starting with '#') is well formed, and the note goes on after the last one with a line break. */
function skontoOk(root: XmlElement): boolean {
  const notes = all(root, 'cac:PaymentTerms').map((t) => first(t, 'cbc:Note')).filter((n): n is XmlElement => n !== undefined);
  const lines = notes.flatMap((n) => (str(n) === '' ? [] : str(n).split(/\r?\n/))).filter((l) => ns(l).startsWith('#'));
  if (lines.length === 0) return true;
  if (!lines.every((l) => SKONTO.test(ns(l)))) return false;
  const text = str(notes[0]);
  const tokens = text === '' ? [] : text.split(/#.+#/);
  return tokens.length > 0 && /^[ \t\r\n]*\n/.test(tokens[tokens.length - 1]);
}

/** Payment means whose code compares equal (as a number) to one of the codes. */
const meansWithCode = (root: XmlElement, codes: readonly number[]) => all(root, 'cac:PaymentMeans').filter((pm) => all(pm, 'cbc:PaymentMeansCode').some((c) => codes.includes(num(c))));

const documentRule = (id: string, severity: Severity, message: string, ok: (root: XmlElement) => boolean): Rule =>
  rule(id, severity, message, (ctx, fire) => {
    if (german(ctx) && !ok(ctx.doc.root)) fire(xpathOf(ctx.doc.root));
  });
const elementRule = (id: string, severity: Severity, message: string, path: string, ok: (el: XmlElement) => boolean): Rule =>
  rule(id, severity, message, (ctx, fire) => {
    if (!german(ctx)) return;
    for (const el of all(ctx.doc.root, path)) if (!ok(el)) fire(xpathOf(el));
  });
const meansRule = (id: string, severity: Severity, message: string, codes: readonly number[], ok: (pm: XmlElement) => boolean): Rule =>
  rule(id, severity, message, (ctx, fire) => {
    if (!german(ctx)) return;
    for (const pm of meansWithCode(ctx.doc.root, codes)) if (!ok(pm)) fire(xpathOf(pm));
  });

/** BT-95, BT-102 (document allowance/charge categories) and BT-151 (line categories). */
function categoryCodes(root: XmlElement): string[] {
  const acs = all(root, 'cac:AllowanceCharge').filter((ac) => all(ac, 'cbc:ChargeIndicator').some((c) => str(c) === 'false' || str(c) === 'true'));
  const lines = [...all(root, 'cac:InvoiceLine'), ...all(root, 'cac:CreditNoteLine')];
  return [...acs.flatMap((ac) => all(ac, 'cac:TaxCategory/cbc:ID')), ...lines.flatMap((l) => all(l, 'cac:Item/cac:ClassifiedTaxCategory/cbc:ID'))].map(str);
}

const codeIs = (root: XmlElement, n: number) => [...all(root, 'cbc:InvoiceTypeCode'), ...all(root, 'cbc:CreditNoteTypeCode')].some((c) => num(c) === n);

export const germanRules: Rule[] = [
  documentRule('DE-R-001', 'fatal', 'An invoice shall contain information on "PAYMENT INSTRUCTIONS" (BG-16).', (root) => has(root, 'cac:PaymentMeans')),
  documentRule('DE-R-015', 'fatal', 'The element "Buyer reference" (BT-10) shall be provided.', (root) => filled(root, 'cbc:BuyerReference')),
  documentRule(
    'DE-R-016',
    'fatal',
    'If one of the VAT codes S, Z, E, AE, K, G, L, or M is used, an invoice shall contain at least one of the following elements: "Seller VAT identifier" (BT-31) or "Seller tax registration identifier" (BT-32) or "SELLER TAX REPRESENTATIVE PARTY" (BG-11).',
    (root) => !categoryCodes(root).some((c) => SUPPORTED_VAT.has(c)) || has(root, 'cac:TaxRepresentativeParty') || filled(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID'),
  ),
  documentRule(
    'DE-R-017',
    'warning',
    'The element "Invoice type code" (BT-3) should only contain the following values from code list UNTDID 1001: 326 (Partial invoice), 380 (Commercial invoice), 384 (Corrected invoice), 389 (Self-billed invoice), 381 (Credit note), 875 (Partial construction invoice), 876 (Partial final construction invoice), 877 (Final construction invoice).',
    (root) => [...all(root, 'cbc:InvoiceTypeCode'), ...all(root, 'cbc:CreditNoteTypeCode')].some((c) => SUPPORTED_TYPES.has(str(c))),
  ),
  documentRule(
    'DE-R-018',
    'fatal',
    'Information on cash discounts for prompt payment (Skonto) shall be provided within the element "Payment terms" BT-20 in the following way: First segment "SKONTO", second segment amount of days ("TAGE=N"), third segment percentage ("PROZENT=N"). Percentage must be separated by dot with two decimal places. In case the base value of the invoiced amount is not provided in BT-115 but as a partial amount, the base value shall be provided as fourth segment "BASISBETRAG=N" as semantic data type amount. Each entry shall start with a #, the segments must be separated by # and a row shall end with a #. A complete statement on cash discount for prompt payment shall end with a XML-conformant line break. All statements on cash discount for prompt payment shall be given in capital letters. Additional whitespaces (blanks, tabulators or line breaks) are not allowed. Other characters or texts than defined above are not allowed.',
    skontoOk,
  ),
  documentRule(
    'DE-R-022',
    'fatal',
    'Attached documents provided with an invoice in "ADDITIONAL SUPPORTING DOCUMENTS" (BG-24) shall have a unique filename (non case-sensitive) within the element ″Attached document″ (BT-125).',
    (root) => {
      const seen = new Set<string>();
      for (const ref of all(root, 'cac:AdditionalDocumentReference')) {
        const names = all(ref, 'cac:Attachment/cbc:EmbeddedDocumentBinaryObject').flatMap((o) => (o.attrs.filename === undefined ? [] : [o.attrs.filename]));
        if (names.some((n) => seen.has(n))) return false;
        for (const n of names) seen.add(n);
      }
      return true;
    },
  ),
  documentRule(
    'DE-R-026',
    'warning',
    'If "Invoice type code" (BT-3) contains the code 384 (Corrected invoice), "PRECEDING INVOICE REFERENCE" (BG-3) should be provided at least once.',
    (root) => !codeIs(root, 384) || has(root, 'cac:BillingReference/cac:InvoiceDocumentReference'),
  ),
  documentRule(
    'DE-R-030',
    'fatal',
    'If the group "DIRECT DEBIT" (BG-19) is delivered, the element "Bank assigned creditor identifier" (BT-90) shall be provided.',
    (root) =>
      !has(root, 'cac:PaymentMeans/cac:PaymentMandate') ||
      [...all(root, 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID'), ...all(root, 'cac:PayeeParty/cac:PartyIdentification/cbc:ID')].some((id) => id.attrs.schemeID === 'SEPA'),
  ),
  documentRule(
    'DE-R-031',
    'fatal',
    'If the group "DIRECT DEBIT" (BG-19) is delivered, the element "Debited account identifier" (BT-91) shall be provided.',
    (root) => !has(root, 'cac:PaymentMeans/cac:PaymentMandate') || has(root, 'cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID'),
  ),
  elementRule('DE-R-002', 'fatal', 'The group "SELLER CONTACT" (BG-6) shall be provided.', 'cac:AccountingSupplierParty', (el) => has(el, 'cac:Party/cac:Contact')),
  elementRule('DE-R-003', 'fatal', 'The element "Seller city" (BT-37) shall be provided.', 'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress', (el) => filled(el, 'cbc:CityName')),
  elementRule('DE-R-004', 'fatal', 'The element "Seller post code" (BT-38) shall be provided.', 'cac:AccountingSupplierParty/cac:Party/cac:PostalAddress', (el) => filled(el, 'cbc:PostalZone')),
  elementRule('DE-R-005', 'fatal', 'The element "Seller contact point" (BT-41) shall be provided.', 'cac:AccountingSupplierParty/cac:Party/cac:Contact', (el) => filled(el, 'cbc:Name')),
  elementRule('DE-R-006', 'fatal', 'The element "Seller contact telephone number" (BT-42) shall be provided.', 'cac:AccountingSupplierParty/cac:Party/cac:Contact', (el) => filled(el, 'cbc:Telephone')),
  elementRule('DE-R-007', 'fatal', 'The element "Seller contact email address" (BT-43) shall be provided.', 'cac:AccountingSupplierParty/cac:Party/cac:Contact', (el) => filled(el, 'cbc:ElectronicMail')),
  elementRule(
    'DE-R-027',
    'warning',
    '"Seller contact telephone number" (BT-42) should contain a valid telephone number. A valid telephone should consist of 3 digits minimum.',
    'cac:AccountingSupplierParty/cac:Party/cac:Contact',
    (el) => TELEPHONE.test(ns(first(el, 'cbc:Telephone'))),
  ),
  elementRule(
    'DE-R-028',
    'warning',
    '"Seller contact email address" (BT-43) should contain exactly one @-sign, which should not be framed by a whitespace or a dot but by at least two characters on each side. A dot should not be the first or last character.',
    'cac:AccountingSupplierParty/cac:Party/cac:Contact',
    (el) => EMAIL.test(ns(first(el, 'cbc:ElectronicMail'))),
  ),
  elementRule('DE-R-008', 'fatal', 'The element "Buyer city" (BT-52) shall be provided.', 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress', (el) => filled(el, 'cbc:CityName')),
  elementRule('DE-R-009', 'fatal', 'The element "Buyer post code" (BT-53) shall be provided.', 'cac:AccountingCustomerParty/cac:Party/cac:PostalAddress', (el) => filled(el, 'cbc:PostalZone')),
  elementRule(
    'DE-R-010',
    'fatal',
    'The element "Deliver to city" (BT-77) shall be provided if the group "DELIVER TO ADDRESS" (BG-15) is delivered.',
    'cac:Delivery/cac:DeliveryLocation/cac:Address',
    (el) => filled(el, 'cbc:CityName'),
  ),
  elementRule(
    'DE-R-011',
    'fatal',
    'The element "Deliver to post code" (BT-78) shall be provided if the group "DELIVER TO ADDRESS" (BG-15) is delivered.',
    'cac:Delivery/cac:DeliveryLocation/cac:Address',
    (el) => filled(el, 'cbc:PostalZone'),
  ),
  elementRule('DE-R-014', 'fatal', 'The element "VAT category rate" (BT-119) shall be provided.', 'cac:TaxTotal/cac:TaxSubtotal', (el) => filled(el, 'cac:TaxCategory/cbc:Percent')),
  meansRule(
    'DE-R-019',
    'warning',
    'The element "Payment account identifier" (BT-84) should contain a valid IBAN if code 58 SEPA is provided in "Payment means type code" (BT-81).',
    [30, 58],
    (pm) => !all(pm, 'cbc:PaymentMeansCode').some((c) => str(c) === '58') || validIban(str(first(pm, 'cac:PayeeFinancialAccount/cbc:ID'))),
  ),
  meansRule(
    'DE-R-023-1',
    'fatal',
    'If "Payment means type code" (BT-81) contains a code for credit transfer (30, 58), "CREDIT TRANSFER" (BG-17) shall be provided.',
    [30, 58],
    (pm) => has(pm, 'cac:PayeeFinancialAccount'),
  ),
  meansRule(
    'DE-R-023-2',
    'fatal',
    'If "Payment means type code" (BT-81) contains a code for credit transfer (30, 58), BG-18 and BG-19 shall not be provided.',
    [30, 58],
    (pm) => !has(pm, 'cac:CardAccount') && !has(pm, 'cac:PaymentMandate'),
  ),
  meansRule(
    'DE-R-024-1',
    'fatal',
    'If "Payment means type code" (BT-81) contains a code for payment card (48, 54, 55), "PAYMENT CARD INFORMATION" (BG-18) shall be provided.',
    [48, 54, 55],
    (pm) => has(pm, 'cac:CardAccount'),
  ),
  meansRule(
    'DE-R-024-2',
    'fatal',
    'If "Payment means type code" (BT-81) contains a code for payment card (48, 54, 55), BG-17 and BG-19 shall not be provided.',
    [48, 54, 55],
    (pm) => !has(pm, 'cac:PayeeFinancialAccount') && !has(pm, 'cac:PaymentMandate'),
  ),
  meansRule(
    'DE-R-020',
    'warning',
    'The element "Debited account identifier" (BT-91) should contain a valid IBAN if code 59 SEPA is provided in "Payment means type code" (BT-81). ',
    [59],
    (pm) => !all(pm, 'cbc:PaymentMeansCode').some((c) => str(c) === '59') || validIban(str(first(pm, 'cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID'))),
  ),
  meansRule('DE-R-025-1', 'fatal', 'If "Payment means type code" (BT-81) contains a code for direct debit (59), "DIRECT DEBIT" (BG-19) shall be provided.', [59], (pm) => has(pm, 'cac:PaymentMandate')),
  meansRule(
    'DE-R-025-2',
    'fatal',
    'If "Payment means type code" (BT-81) contains a code for direct debit (59), BG-17 and BG-18 shall not be provided.',
    [59],
    (pm) => !has(pm, 'cac:PayeeFinancialAccount') && !has(pm, 'cac:CardAccount'),
  ),
];
