/** UBL party structures (cac:Party, addresses) to the canonical Party. */
import type { Party, PostalAddress } from '../model/party';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { defined, identifierOf, textOf } from './terms';

const { cac, cbc } = NS;

export function mapUblAddress(el: XmlElement | undefined): PostalAddress | undefined {
  if (el === undefined) return undefined;
  const country = child(child(el, cac, 'Country'), cbc, 'IdentificationCode');
  return {
    loc: xpathOf(el),
    line1: textOf(child(el, cbc, 'StreetName')),
    line2: textOf(child(el, cbc, 'AdditionalStreetName')),
    line3: textOf(child(child(el, cac, 'AddressLine'), cbc, 'Line')),
    city: textOf(child(el, cbc, 'CityName')),
    postCode: textOf(child(el, cbc, 'PostalZone')),
    subdivision: textOf(child(el, cbc, 'CountrySubentity')),
    countryCode: textOf(country),
    countryLoc: country ? xpathOf(country) : undefined,
  };
}

/**
 * Map a cac:Party. `nameFromPartyName` selects where the role's name lives:
 * Payee (BT-59) and tax representative (BT-62) use PartyName/Name, Seller
 * (BT-27) and Buyer (BT-44) use PartyLegalEntity/RegistrationName.
 */
export function mapUblParty(el: XmlElement | undefined, nameFromPartyName: boolean): Party | undefined {
  if (el === undefined) return undefined;
  const legal = childrenNamed(el, cac, 'PartyLegalEntity');
  const registrationNames = defined(legal.map((l) => textOf(child(l, cbc, 'RegistrationName'))));
  const tradingNames = defined(childrenNamed(el, cac, 'PartyName').map((p) => textOf(child(p, cbc, 'Name'))));
  const contactEl = child(el, cac, 'Contact');
  return {
    loc: xpathOf(el),
    name: nameFromPartyName ? tradingNames[0] : registrationNames[0],
    nameCount: nameFromPartyName ? tradingNames.length : registrationNames.length,
    registrationName: registrationNames[0],
    tradingNames,
    identifiers: defined(childrenNamed(el, cac, 'PartyIdentification').map((p) => identifierOf(child(p, cbc, 'ID')))),
    legalRegistrations: defined(legal.map((l) => identifierOf(child(l, cbc, 'CompanyID')))),
    legalForms: defined(legal.map((l) => textOf(child(l, cbc, 'CompanyLegalForm')))),
    taxRegistrations: childrenNamed(el, cac, 'PartyTaxScheme').map((t) => ({
      loc: xpathOf(t),
      companyId: textOf(child(t, cbc, 'CompanyID')),
      taxScheme: textOf(child(child(t, cac, 'TaxScheme'), cbc, 'ID')),
    })),
    electronicAddress: identifierOf(child(el, cbc, 'EndpointID')),
    address: mapUblAddress(child(el, cac, 'PostalAddress')),
    contact: contactEl
      ? {
          loc: xpathOf(contactEl),
          name: textOf(child(contactEl, cbc, 'Name')),
          telephone: textOf(child(contactEl, cbc, 'Telephone')),
          email: textOf(child(contactEl, cbc, 'ElectronicMail')),
        }
      : undefined,
  };
}
