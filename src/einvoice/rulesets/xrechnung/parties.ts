/** XRechnung: seller, seller contact, buyer and deliver-to address (BR-DE-2 .. BR-DE-11, BR-DE-27, BR-DE-28). */
import type { Rule } from '../../rules/rule';
import { EMAIL, TELEPHONE } from './codes';
import { XR_MESSAGES } from './messages';
import { exists, filled, normalizeSpace, textAt, xrRule, type Binding } from './tree';

const F = 'BR-DE';
const CII_SELLER = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty';
const CII_CONTACT = `${CII_SELLER}/ram:DefinedTradeContact`;
const UBL_CONTACT = 'cac:AccountingSupplierParty/cac:Party/cac:Contact';

/** `path[boolean(normalize-space(.))]` at a context. */
const mustFill = (context: string, path: string): Binding => ({ context, test: (el) => filled(el, path) });

function rule(id: string, severity: 'fatal' | 'warning', ubl: Binding, cii: Binding): Rule {
  return xrRule(F, id, severity, XR_MESSAGES[id], { UBL: ubl, CII: cii });
}

/** `matches(normalize-space(path), regex)`: the first element's text ('' when none). */
const mustMatch = (context: string, path: string, regex: RegExp): Binding => ({ context, test: (el) => regex.test(normalizeSpace(textAt(el, path))) });

export const partyRules: Rule[] = [
  rule('BR-DE-2', 'fatal', { context: 'cac:AccountingSupplierParty', test: (el) => exists(el, 'cac:Party/cac:Contact') }, { context: CII_SELLER, test: (el) => exists(el, 'ram:DefinedTradeContact') }),
  rule('BR-DE-3', 'fatal', mustFill('cac:AccountingSupplierParty/cac:Party/cac:PostalAddress', 'cbc:CityName'), mustFill(`${CII_SELLER}/ram:PostalTradeAddress`, 'ram:CityName')),
  rule('BR-DE-4', 'fatal', mustFill('cac:AccountingSupplierParty/cac:Party/cac:PostalAddress', 'cbc:PostalZone'), mustFill(`${CII_SELLER}/ram:PostalTradeAddress`, 'ram:PostcodeCode')),
  rule('BR-DE-5', 'fatal', mustFill(UBL_CONTACT, 'cbc:Name'), { context: CII_CONTACT, test: (el) => filled(el, 'ram:PersonName') || filled(el, 'ram:DepartmentName') }),
  rule('BR-DE-6', 'fatal', mustFill(UBL_CONTACT, 'cbc:Telephone'), mustFill(CII_CONTACT, 'ram:TelephoneUniversalCommunication/ram:CompleteNumber')),
  rule('BR-DE-7', 'fatal', mustFill(UBL_CONTACT, 'cbc:ElectronicMail'), mustFill(CII_CONTACT, 'ram:EmailURIUniversalCommunication/ram:URIID')),
  rule('BR-DE-27', 'warning', mustMatch(UBL_CONTACT, 'cbc:Telephone', TELEPHONE), mustMatch(CII_CONTACT, 'ram:TelephoneUniversalCommunication/ram:CompleteNumber', TELEPHONE)),
  rule('BR-DE-28', 'warning', mustMatch(UBL_CONTACT, 'cbc:ElectronicMail', EMAIL), mustMatch(CII_CONTACT, 'ram:EmailURIUniversalCommunication/ram:URIID', EMAIL)),
  rule(
    'BR-DE-8',
    'fatal',
    mustFill('cac:AccountingCustomerParty/cac:Party/cac:PostalAddress', 'cbc:CityName'),
    mustFill('rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/ram:PostalTradeAddress', 'ram:CityName'),
  ),
  rule(
    'BR-DE-9',
    'fatal',
    mustFill('cac:AccountingCustomerParty/cac:Party/cac:PostalAddress', 'cbc:PostalZone'),
    mustFill('rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty/ram:PostalTradeAddress', 'ram:PostcodeCode'),
  ),
  rule(
    'BR-DE-10',
    'fatal',
    mustFill('cac:Delivery/cac:DeliveryLocation/cac:Address', 'cbc:CityName'),
    mustFill('rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress', 'ram:CityName'),
  ),
  rule(
    'BR-DE-11',
    'fatal',
    mustFill('cac:Delivery/cac:DeliveryLocation/cac:Address', 'cbc:PostalZone'),
    mustFill('rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress', 'ram:PostcodeCode'),
  ),
];
