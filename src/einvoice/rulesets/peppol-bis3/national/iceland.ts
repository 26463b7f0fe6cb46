/** IS-R-*: rules for Icelandic sellers (UBL only: the CII Schematron has none). */
import type { Fire, Rule, RuleContext, Severity } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { peppolRule } from '../rule-kit';
import { isoDate } from '../transaction';
import { all, first, has, ns, str } from '../xpath';

const F = 'IS-R';
const rule = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, severity, message, check, F);

const M = {
  r001: '[IS-R-001]-If seller is icelandic then invoice type should be 380 or 381 — Ef seljandi er íslenskur þá ætti gerð reiknings (BT-3) að vera sölureikningur (380) eða kreditreikningur (381).',
  r002: '[IS-R-002]-If seller is icelandic then it shall contain sellers legal id — Ef seljandi er íslenskur þá skal reikningur innihalda íslenska kennitölu seljanda (BT-30).',
  r003: '[IS-R-003]-If seller is icelandic then it shall contain his address with street name and zip code — Ef seljandi er íslenskur þá skal heimilisfang seljanda innihalda götuheiti og póstnúmer (BT-35 og BT-38).',
  r004: '[IS-R-004]-If seller and buyer are icelandic then the invoice shall contain the buyers icelandic legal identifier — Ef seljandi og kaupandi eru íslenskir þá skal reikningurinn innihalda íslenska kennitölu kaupanda (BT-47).',
  r005: '[IS-R-005]-If seller and buyer are icelandic then the invoice shall contain the buyers address with street name and zip code — Ef seljandi og kaupandi eru íslenskir þá skal heimilisfang kaupanda innihalda götuheiti og póstnúmer (BT-50 og BT-53)',
  r006: '[IS-R-006]-If seller is icelandic and payment means code is 9 then a 12 digit account id must exist — Ef seljandi er íslenskur og greiðslumáti (BT-81) er krafa (kóti 9) þá skal koma fram 12 stafa númer (bankanúmer, höfuðbók 66 og reikningsnúmer) (BT-84)',
  r007: '[IS-R-007]-If seller is icelandic and payment means code is 42 then a 12 digit account id must exist — Ef seljandi er íslenskur og greiðslumáti (BT-81) er millifærsla (kóti 42) þá skal koma fram 12 stafa reikningnúmer (BT-84)',
  r008: '[IS-R-008]-If seller is icelandic and invoice contains supporting description EINDAGI then the id form must be YYYY-MM-DD — Ef seljandi er íslenskur þá skal eindagi (BT-122, DocumentDescription = EINDAGI) vera á forminu YYYY-MM-DD.',
  r009: '[IS-R-009]-If seller is icelandic and invoice contains supporting description EINDAGI invoice must have due date — Ef seljandi er íslenskur þá skal reikningur sem inniheldur eindaga (BT-122, DocumentDescription = EINDAGI) einnig hafa gjalddaga (BT-9).',
  r010: '[IS-R-010]-If seller is icelandic and invoice contains supporting description EINDAGI the id date must be same or later than due date — Ef seljandi er íslenskur þá skal eindagi (BT-122, DocumentDescription = EINDAGI) skal vera sami eða síðar en gjalddagi (BT-9) ef eindagi er til staðar.',
};

/** The IS pattern compares the raw address country codes. */
const sellerIS = (ctx: RuleContext) => peppolContext(ctx).supplierAddressCountryRaw === 'IS';
const bothIS = (ctx: RuleContext) => sellerIS(ctx) && peppolContext(ctx).customerAddressCountryRaw === 'IS';

const icelandicLegalId = (party: XmlElement | undefined) => has(party, 'cac:PartyLegalEntity/cbc:CompanyID') && all(party, 'cac:PartyLegalEntity/cbc:CompanyID').some((c) => c.attrs.schemeID === '0196');
const streetAndZip = (party: XmlElement | undefined) => has(party, 'cac:PostalAddress/cbc:StreetName') && has(party, 'cac:PostalAddress/cbc:PostalZone');

/** IS-R-006/007: with payment means `code`, a payee account id of 12 characters. */
function twelveDigitAccount(root: XmlElement, code: string): boolean {
  const means = all(root, 'cac:PaymentMeans').filter((pm) => all(pm, 'cbc:PaymentMeansCode').some((c) => str(c) === code));
  if (means.length === 0) return true;
  const ids = means.flatMap((pm) => all(pm, 'cac:PayeeFinancialAccount/cbc:ID'));
  return ids.length > 0 && ns(ids[0]).length === 12;
}

const eindagi = (root: XmlElement) => all(root, 'cac:AdditionalDocumentReference').filter((r) => all(r, 'cbc:DocumentDescription').some((d) => str(d) === 'EINDAGI'));

const documentRule = (id: string, severity: Severity, message: string, ok: (root: XmlElement) => boolean): Rule =>
  rule(id, severity, message, (ctx, fire) => {
    if (sellerIS(ctx) && !ok(ctx.doc.root)) fire(xpathOf(ctx.doc.root));
  });

export const icelandicRules: Rule[] = [
  documentRule('IS-R-001', 'warning', M.r001, (root) => ['380', '381'].includes(ns(first(root, 'cbc:InvoiceTypeCode'))) || ['380', '381'].includes(ns(first(root, 'cbc:CreditNoteTypeCode')))),
  documentRule('IS-R-002', 'fatal', M.r002, (root) => icelandicLegalId(first(root, 'cac:AccountingSupplierParty/cac:Party'))),
  documentRule('IS-R-003', 'fatal', M.r003, (root) => streetAndZip(first(root, 'cac:AccountingSupplierParty/cac:Party'))),
  documentRule('IS-R-006', 'fatal', M.r006, (root) => twelveDigitAccount(root, '9')),
  documentRule('IS-R-007', 'fatal', M.r007, (root) => twelveDigitAccount(root, '42')),
  documentRule('IS-R-008', 'fatal', M.r008, (root) => {
    const refs = eindagi(root);
    if (refs.length === 0) return true;
    const id = str(first(refs[0], 'cbc:ID'));
    return id.length === 10 && isoDate(id) !== undefined;
  }),
  documentRule('IS-R-009', 'fatal', M.r009, (root) => eindagi(root).length === 0 || has(root, 'cbc:DueDate')),
  documentRule('IS-R-010', 'fatal', M.r010, (root) => {
    const refs = eindagi(root);
    if (refs.length === 0) return true;
    const due = all(root, 'cbc:DueDate').map(str);
    const ids = refs.flatMap((r) => all(r, 'cbc:ID')).map(str);
    return due.some((d) => ids.some((i) => d <= i));
  }),
  rule('IS-R-004', 'fatal', M.r004, (ctx, fire) => {
    if (!bothIS(ctx)) return;
    for (const c of all(ctx.doc.root, 'cac:AccountingCustomerParty')) if (!icelandicLegalId(first(c, 'cac:Party'))) fire(xpathOf(c));
  }),
  rule('IS-R-005', 'fatal', M.r005, (ctx, fire) => {
    if (!bothIS(ctx)) return;
    for (const c of all(ctx.doc.root, 'cac:AccountingCustomerParty')) if (!streetAndZip(first(c, 'cac:Party'))) fire(xpathOf(c));
  }),
];
