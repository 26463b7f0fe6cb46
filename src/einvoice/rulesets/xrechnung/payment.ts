/** XRechnung: payment instructions by means of payment (BR-DE-1, -19, -20, -23 .. -25, -30, -31). */
import type { Rule } from '../../rules/rule';
import type { XmlElement } from '../../xml/tree';
import { XR_MESSAGES } from './messages';
import { at, exists, normalizeSpace, textAt, xrRule, type Binding } from './tree';

const F = 'BR-DE';
const CII_SETTLEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement';
const CII_MEANS = `${CII_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans`;

function rule(id: string, severity: 'fatal' | 'warning', ubl: Binding, cii: Binding): Rule {
  return xrRule(F, id, severity, XR_MESSAGES[id], { UBL: ubl, CII: cii });
}

/**
 * The official IBAN test: blanks removed, two letters, two digits, up to 30 letters or digits, and
 * the ISO 7064 check (letters as their code point - 55, as the official expression computes them)
 * giving 1 modulo 97.
 */
export function ibanChecks(raw: string): boolean {
  const s = normalizeSpace(raw.replace(/[ \n\r\t]/g, ''));
  if (!/^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 2).toUpperCase() + s.slice(2, 4);
  let digits = '';
  for (let i = 0; i < rearranged.length; i++) {
    const cp = rearranged.charCodeAt(i);
    digits += String(cp > 64 ? cp - 55 : cp - 48);
  }
  return BigInt(digits) % 97n === 1n;
}

/** A payment means context whose normalised type code is one of the codes; other means pass. */
function forCodes(codes: readonly string[], codePath: string, test: (el: XmlElement, root: XmlElement) => boolean): (el: XmlElement, root: XmlElement) => boolean {
  return (el, root) => !codes.includes(normalizeSpace(textAt(el, codePath))) || test(el, root);
}

/** CII has no element for BG-19: its three terms (BT-89, BT-90, BT-91). */
const ciiDirectDebit = (root: XmlElement, means?: XmlElement): boolean =>
  exists(root, `${CII_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID`) ||
  exists(root, `${CII_SETTLEMENT}/ram:CreditorReferenceID`) ||
  (means !== undefined && exists(means, 'ram:PayerPartyDebtorFinancialAccount/ram:IBANID'));

const UBL_CODE = 'cbc:PaymentMeansCode';
const CII_CODE = 'ram:TypeCode';

export const paymentRules: Rule[] = [
  rule('BR-DE-1', 'fatal', { context: '.', test: (el) => exists(el, 'cac:PaymentMeans') }, { context: '.', test: (el) => exists(el, CII_MEANS) }),
  rule(
    'BR-DE-19',
    'warning',
    { context: 'cac:PaymentMeans', test: forCodes(['30', '58'], UBL_CODE, (el) => normalizeSpace(textAt(el, UBL_CODE)) !== '58' || ibanChecks(textAt(el, 'cac:PayeeFinancialAccount/cbc:ID'))) },
    {
      context: CII_MEANS,
      test: forCodes(['30', '58'], CII_CODE, (el) => normalizeSpace(textAt(el, CII_CODE)) !== '58' || ibanChecks(textAt(el, 'ram:PayeePartyCreditorFinancialAccount/ram:IBANID'))),
    },
  ),
  rule(
    'BR-DE-20',
    'warning',
    { context: 'cac:PaymentMeans', test: forCodes(['59'], UBL_CODE, (el) => ibanChecks(textAt(el, 'cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID'))) },
    { context: CII_MEANS, test: forCodes(['59'], CII_CODE, (el) => ibanChecks(textAt(el, 'ram:PayerPartyDebtorFinancialAccount/ram:IBANID'))) },
  ),
  rule(
    'BR-DE-23-a',
    'fatal',
    { context: 'cac:PaymentMeans', test: forCodes(['30', '58'], UBL_CODE, (el) => exists(el, 'cac:PayeeFinancialAccount')) },
    { context: CII_MEANS, test: forCodes(['30', '58'], CII_CODE, (el) => exists(el, 'ram:PayeePartyCreditorFinancialAccount')) },
  ),
  rule(
    'BR-DE-23-b',
    'fatal',
    { context: 'cac:PaymentMeans', test: forCodes(['30', '58'], UBL_CODE, (el) => !exists(el, 'cac:CardAccount') && !exists(el, 'cac:PaymentMandate')) },
    { context: CII_MEANS, test: forCodes(['30', '58'], CII_CODE, (el, root) => !exists(el, 'ram:ApplicableTradeSettlementFinancialCard') && !ciiDirectDebit(root, el)) },
  ),
  rule(
    'BR-DE-24-a',
    'fatal',
    { context: 'cac:PaymentMeans', test: forCodes(['48', '54', '55'], UBL_CODE, (el) => exists(el, 'cac:CardAccount')) },
    { context: CII_MEANS, test: forCodes(['48', '54', '55'], CII_CODE, (el) => exists(el, 'ram:ApplicableTradeSettlementFinancialCard')) },
  ),
  rule(
    'BR-DE-24-b',
    'fatal',
    { context: 'cac:PaymentMeans', test: forCodes(['48', '54', '55'], UBL_CODE, (el) => !exists(el, 'cac:PayeeFinancialAccount') && !exists(el, 'cac:PaymentMandate')) },
    { context: CII_MEANS, test: forCodes(['48', '54', '55'], CII_CODE, (el, root) => !exists(el, 'ram:PayeePartyCreditorFinancialAccount') && !ciiDirectDebit(root, el)) },
  ),
  rule(
    'BR-DE-25-a',
    'fatal',
    { context: 'cac:PaymentMeans', test: forCodes(['59'], UBL_CODE, (el) => exists(el, 'cac:PaymentMandate')) },
    { context: CII_MEANS, test: forCodes(['59'], CII_CODE, (el, root) => ciiDirectDebit(root, el)) },
  ),
  rule(
    'BR-DE-25-b',
    'fatal',
    { context: 'cac:PaymentMeans', test: forCodes(['59'], UBL_CODE, (el) => !exists(el, 'cac:PayeeFinancialAccount') && !exists(el, 'cac:CardAccount')) },
    {
      context: CII_MEANS,
      test: forCodes(
        ['59'],
        CII_CODE,
        (el) =>
          !exists(el, 'ram:PayeePartyCreditorFinancialAccount') &&
          !exists(el, 'ram:PayeeSpecifiedCreditorFinancialInstitution') &&
          !exists(el, 'ram:PayerSpecifiedDebtorFinancialInstitution') &&
          !exists(el, 'ram:ApplicableTradeSettlementFinancialCard'),
      ),
    },
  ),
  rule(
    'BR-DE-30',
    'fatal',
    {
      context: '.',
      test: (el) =>
        !exists(el, 'cac:PaymentMeans/cac:PaymentMandate') ||
        sepa(el, 'cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID') ||
        sepa(el, 'cac:PayeeParty/cac:PartyIdentification/cbc:ID'),
    },
    { context: '.', test: (el) => ciiBg19(el, 'BT-90') },
  ),
  rule(
    'BR-DE-31',
    'fatal',
    { context: '.', test: (el) => !exists(el, 'cac:PaymentMeans/cac:PaymentMandate') || exists(el, 'cac:PaymentMeans/cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID') },
    { context: '.', test: (el) => ciiBg19(el, 'BT-91') },
  ),
];

/** Some identifier at the path with schemeID exactly 'SEPA' (`cbc:ID[@schemeID='SEPA']`). */
const sepa = (root: XmlElement, path: string): boolean => at(root, path).some((el) => el.attrs['schemeID'] === 'SEPA');

/**
 * BR-DE-30 / BR-DE-31 in CII: BG-19 is present when any of BT-89, BT-90, BT-91 is; then the term
 * the rule asks for must be there with one of the other two.
 */
function ciiBg19(root: XmlElement, required: 'BT-90' | 'BT-91'): boolean {
  const bt89 = exists(root, `${CII_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID`);
  const bt90 = exists(root, `${CII_SETTLEMENT}/ram:CreditorReferenceID`);
  const bt91 = exists(root, `${CII_MEANS}/ram:PayerPartyDebtorFinancialAccount/ram:IBANID`);
  if (!bt89 && !bt90 && !bt91) return true;
  return required === 'BT-90' ? (bt89 || bt91) && bt90 : (bt89 || bt90) && bt91;
}
