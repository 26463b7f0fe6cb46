/**
 * PEPPOL-COMMON-R040..R050: identifiers of the schemes Peppol checks (GLN, national registration
 * numbers), wherever an electronic address, party identifier or legal registration uses them.
 */
import { NS } from '../../parse/namespaces';
import type { Rule, RuleContext, Severity } from '../../rules/rule';
import { xpathOf, type XmlElement } from '../../xml/tree';
import { abn, codiceFiscale, codiceIpa, danishCvr, gln, mod11, mod97be, partitaIvaIfItalian, swedishOrgNumber } from './identifier-checks';
import { peppolRule } from './rule-kit';
import { elementsNamed, isNumber, named, ns, str } from './xpath';

type Where = 'endpoint' | 'all';

/** UBL: cbc:EndpointID, cac:PartyIdentification/cbc:ID, cbc:CompanyID with the scheme ('endpoint': EndpointID only). */
function ublIdentifiers(ctx: RuleContext, scheme: string, where: Where): XmlElement[] {
  const names = where === 'endpoint' ? ['EndpointID'] : ['EndpointID', 'ID', 'CompanyID'];
  return names.flatMap((local) => elementsNamed(ctx, local)).filter((el) => {
    if (el.ns !== NS.cbc || el.attrs.schemeID !== scheme) return false;
    if (el.local === 'EndpointID') return true;
    if (where === 'endpoint') return false;
    return el.local === 'CompanyID' || (el.local === 'ID' && named(el.parent, NS.cac, 'PartyIdentification'));
  });
}

/** CII: ram:URIID, ram:ID, ram:GlobalID with the scheme ('endpoint': URIID only). */
function ciiIdentifiers(ctx: RuleContext, scheme: string, where: Where): XmlElement[] {
  const names = where === 'endpoint' ? ['URIID'] : ['URIID', 'ID', 'GlobalID'];
  return names.flatMap((local) => elementsNamed(ctx, local)).filter((el) => el.ns === NS.ram && el.attrs.schemeID === scheme);
}

interface SchemeRule {
  id: string;
  severity: Severity;
  message: string;
  scheme: string;
  ubl?: { where: Where; valid: (el: XmlElement) => boolean };
  cii?: { where: Where; valid: (el: XmlElement) => boolean };
}

const normalized = (check: (v: string) => boolean) => (el: XmlElement) => check(ns(el));

const SCHEME_RULES: SchemeRule[] = [
  {
    id: 'PEPPOL-COMMON-R040',
    severity: 'fatal',
    message: 'GLN must have a valid format according to GS1 rules.',
    scheme: '0088',
    ubl: { where: 'all', valid: normalized((v) => /^[0-9]+$/.test(v) && gln(v)) },
    cii: { where: 'all', valid: normalized((v) => /^[0-9]+$/.test(v) && gln(v)) },
  },
  {
    id: 'PEPPOL-COMMON-R041',
    severity: 'fatal',
    message: 'Norwegian organization number MUST be stated in the correct format.',
    scheme: '0192',
    ubl: { where: 'all', valid: normalized((v) => /^[0-9]{9}$/.test(v) && mod11(v)) },
    cii: { where: 'all', valid: normalized((v) => /^[0-9]{9}$/.test(v) && mod11(v)) },
  },
  {
    id: 'PEPPOL-COMMON-R042',
    severity: 'fatal',
    message: 'Danish organization number (CVR) MUST be stated in the correct format.',
    scheme: '0184',
    ubl: { where: 'all', valid: (el) => danishCvr(str(el)) },
    cii: { where: 'all', valid: (el) => danishCvr(str(el)) },
  },
  {
    id: 'PEPPOL-COMMON-R043',
    severity: 'fatal',
    message: 'Belgian enterprise number MUST be stated in the correct format.',
    scheme: '0208',
    ubl: { where: 'all', valid: normalized((v) => /^[0-9]{10}$/.test(v) && mod97be(v)) },
    cii: { where: 'all', valid: normalized((v) => /^[0-9]{10}$/.test(v) && mod97be(v)) },
  },
  {
    id: 'PEPPOL-COMMON-R044',
    severity: 'warning',
    message: 'IPA Code (Codice Univoco Unità Organizzativa) must be stated in the correct format',
    scheme: '0201',
    ubl: { where: 'all', valid: normalized(codiceIpa) },
    cii: { where: 'all', valid: normalized(codiceIpa) },
  },
  {
    id: 'PEPPOL-COMMON-R045',
    severity: 'warning',
    message: 'Tax Code (Codice Fiscale) must be stated in the correct format',
    scheme: '0210',
    ubl: { where: 'all', valid: normalized(codiceFiscale) },
    cii: { where: 'all', valid: normalized(codiceFiscale) },
  },
  {
    id: 'PEPPOL-COMMON-R046',
    severity: 'warning',
    message: 'Tax Code (Codice Fiscale) must be stated in the correct format',
    scheme: '9907',
    ubl: { where: 'endpoint', valid: normalized(codiceFiscale) },
    cii: { where: 'endpoint', valid: normalized(codiceFiscale) },
  },
  {
    id: 'PEPPOL-COMMON-R047',
    severity: 'warning',
    message: 'Italian VAT Code (Partita Iva) must be stated in the correct format',
    scheme: '0211',
    ubl: { where: 'all', valid: normalized(partitaIvaIfItalian) },
    cii: { where: 'all', valid: normalized(partitaIvaIfItalian) },
  },
  // R048 (scheme 9906) is commented out in the UBL Schematron; the CII one still applies it.
  { id: 'PEPPOL-COMMON-R048', severity: 'warning', message: 'Italian VAT Code (Partita Iva) must be stated in the correct format', scheme: '9906', cii: { where: 'endpoint', valid: normalized(partitaIvaIfItalian) } },
  {
    id: 'PEPPOL-COMMON-R049',
    severity: 'fatal',
    message: 'Swedish organization number MUST be stated in the correct format.',
    scheme: '0007',
    ubl: { where: 'all', valid: normalized((v) => v.length === 10 && isNumber(v) && swedishOrgNumber(v)) },
    cii: { where: 'all', valid: normalized((v) => v.length === 10 && isNumber(v) && swedishOrgNumber(v)) },
  },
  {
    id: 'PEPPOL-COMMON-R050',
    severity: 'fatal',
    message: 'Australian Business Number (ABN) MUST be stated in the correct format.',
    scheme: '0151',
    ubl: { where: 'all', valid: normalized((v) => /^[0-9]{11}$/.test(v) && abn(v)) },
    cii: { where: 'all', valid: normalized(abn) },
  },
];

export const peppolCommonRules: Rule[] = SCHEME_RULES.flatMap((r) => {
  const out: Rule[] = [];
  const { ubl, cii } = r;
  if (ubl)
    out.push(
      peppolRule('UBL', r.id, r.severity, r.message, (ctx, fire) => {
        for (const el of ublIdentifiers(ctx, r.scheme, ubl.where)) if (!ubl.valid(el)) fire(xpathOf(el));
      }),
    );
  if (cii)
    out.push(
      peppolRule('CII', r.id, r.severity, r.message, (ctx, fire) => {
        for (const el of ciiIdentifiers(ctx, r.scheme, cii.where)) if (!cii.valid(el)) fire(xpathOf(el));
      }),
    );
  return out;
});
