/** IT-R-*: rules for Italian sellers (tax registration identifier, postal address). */
import type { Fire, Rule, RuleContext } from '../../../rules/rule';
import { xpathOf } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { peppolRule } from '../rule-kit';
import { all, first, has, ns } from '../xpath';

const F = 'IT-R';
const ubl = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, 'fatal', message, check, F);
const cii = (id: string, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, 'fatal', message, check, F);

const M001 =
  '[IT-R-001] BT-32 (Seller tax registration identifier) - For Italian suppliers BT-32 minimum length 11 and maximum length shall be 16. Per i fornitori italiani il BT-32 deve avere una lunghezza tra 11 e 16 caratteri';
const M002 = "[IT-R-002] BT-35 (Seller address line 1) - Italian suppliers MUST provide the postal address line 1 - I fornitori italiani devono indicare l'indirizzo postale.";
const M003 = '[IT-R-003] BT-37 (Seller city) - Italian suppliers MUST provide the postal address city - I fornitori italiani devono indicare la città di residenza.';
const M004 = '[IT-R-004] BT-38 (Seller post code) - Italian suppliers MUST provide the postal address post code - I fornitori italiani devono indicare il CAP di residenza.';
const BT32 = /^[A-Z0-9]{11,16}$/;

const italian = (ctx: RuleContext) => peppolContext(ctx).supplierCountry === 'IT';
const ublSellers = (ctx: RuleContext) => (italian(ctx) ? all(ctx.doc.root, '//cac:AccountingSupplierParty/cac:Party') : []);
const ciiSellers = (ctx: RuleContext) => (italian(ctx) ? all(ctx.doc.root, '//ram:SellerTradeParty') : []);

const addressRule = (id: string, message: string, ublPath: string, ciiPath: string): Rule[] => [
  ubl(id, message, (ctx, fire) => {
    for (const p of ublSellers(ctx)) if (!has(p, ublPath)) fire(xpathOf(p));
  }),
  cii(id, message, (ctx, fire) => {
    for (const p of ciiSellers(ctx)) if (!has(p, ciiPath)) fire(xpathOf(p));
  }),
];

export const italianRules: Rule[] = [
  ubl('IT-R-001', M001, (ctx, fire) => {
    for (const p of ublSellers(ctx)) {
      for (const s of all(p, 'cac:PartyTaxScheme')) if (ns(first(s, 'cac:TaxScheme/cbc:ID')) !== 'VAT' && !BT32.test(ns(first(s, 'cbc:CompanyID')))) fire(xpathOf(s));
    }
  }),
  cii('IT-R-001', M001, (ctx, fire) => {
    for (const p of ciiSellers(ctx)) {
      for (const r of all(p, 'ram:SpecifiedTaxRegistration')) {
        const ids = all(r, 'ram:ID');
        const notFc = ids.some((id) => ns(id.attrs.schemeID ?? '') !== 'FC');
        const fc = ids.find((id) => ns(id.attrs.schemeID ?? '') === 'FC');
        if (!notFc && !BT32.test(ns(fc))) fire(xpathOf(r));
      }
    }
  }),
  ...addressRule('IT-R-002', M002, 'cac:PostalAddress/cbc:StreetName', 'ram:PostalTradeAddress/ram:LineOne'),
  ...addressRule('IT-R-003', M003, 'cac:PostalAddress/cbc:CityName', 'ram:PostalTradeAddress/ram:CityName'),
  ...addressRule('IT-R-004', M004, 'cac:PostalAddress/cbc:PostalZone', 'ram:PostalTradeAddress/ram:PostcodeCode'),
];
