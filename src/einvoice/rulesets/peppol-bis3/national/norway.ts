/** NO-R-*: rules for Norwegian sellers (VAT number format, "Foretaksregisteret"). */
import type { Fire, Rule, RuleContext, Severity } from '../../../rules/rule';
import { xpathOf, type XmlElement } from '../../../xml/tree';
import { peppolContext } from '../document-context';
import { mod11 } from '../identifier-checks';
import { peppolRule } from '../rule-kit';
import { all, ns, str } from '../xpath';

const F = 'NO-R';
const ubl = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('UBL', id, severity, message, check, F);
const cii = (id: string, severity: Severity, message: string, check: (ctx: RuleContext, fire: Fire) => void): Rule => peppolRule('CII', id, severity, message, check, F);

const M001 = 'For Norwegian suppliers, a VAT number MUST be the country code prefix NO followed by a valid Norwegian organization number (nine numbers) followed by the letters MVA.';
const M002_UBL =
  'For Norwegian suppliers, most invoice issuers are required to append "Foretaksregisteret" to their invoice. "Dersom selger er aksjeselskap, allmennaksjeselskap eller filial av utenlandsk selskap skal også ordet «Foretaksregisteret» fremgå av salgsdokumentet, jf. foretaksregisterloven § 10-2."';
const M002_CII =
  'Most invoice issuers are required to append "Foretaksregisteret" to their invoice. "Dersom selger er aksjeselskap, allmennaksjeselskap eller filial av utenlandsk selskap skal også ordet «Foretaksregisteret» fremgå av salgsdokumentet, jf. foretaksregisterloven § 10-2."';

/** NO-R-001 on the VAT number: 'NO', nine digits with a mod 11 check digit, 'MVA'; other prefixes pass. */
function norwegianVat(vat: string | undefined): boolean {
  if (vat === undefined || vat.slice(0, 2) !== 'NO') return true;
  return /^[0-9]{9}MVA$/.test(vat.slice(2)) && mod11(vat.slice(2, 11));
}

const norwegianSellers = (ctx: RuleContext, path: string): readonly XmlElement[] => (peppolContext(ctx).supplierCountry === 'NO' ? all(ctx.doc.root, path) : []);

export const norwegianRules: Rule[] = [
  ubl('NO-R-002', 'warning', M002_UBL, (ctx, fire) => {
    for (const p of norwegianSellers(ctx, '//cac:AccountingSupplierParty/cac:Party')) {
      const tax = all(p, 'cac:PartyTaxScheme').filter((s) => ns(all(s, 'cac:TaxScheme/cbc:ID')[0]) === 'TAX');
      if (ns(all(tax[0], 'cbc:CompanyID')[0]) !== 'Foretaksregisteret') fire(xpathOf(p));
    }
  }),
  ubl('NO-R-001', 'fatal', M001, (ctx, fire) => {
    for (const p of norwegianSellers(ctx, '//cac:AccountingSupplierParty/cac:Party')) {
      const vat = all(p, 'cac:PartyTaxScheme').filter((s) => ns(all(s, 'cac:TaxScheme/cbc:ID')[0]) === 'VAT')[0];
      const id = all(vat, 'cbc:CompanyID')[0];
      if (!norwegianVat(id === undefined ? undefined : str(id))) fire(xpathOf(p));
    }
  }),
  cii('NO-R-002', 'warning', M002_CII, (ctx, fire) => {
    for (const p of norwegianSellers(ctx, '//ram:SellerTradeParty')) {
      if (!all(p, 'ram:SpecifiedTaxRegistration/ram:ID').some((id) => id.attrs.schemeID === 'FC' && ns(id.text) === 'Foretaksregisteret')) fire(xpathOf(p));
    }
  }),
  cii('NO-R-001', 'fatal', M001, (ctx, fire) => {
    for (const p of norwegianSellers(ctx, '//ram:SellerTradeParty')) {
      const vat = all(p, 'ram:SpecifiedTaxRegistration').filter((r) => all(r, 'ram:ID').some((id) => id.attrs.schemeID === 'VAT'))[0];
      const id = all(vat, 'ram:ID')[0];
      if (!norwegianVat(id === undefined ? undefined : str(id))) fire(xpathOf(p));
    }
  }),
];
