/** CII trade parties (ram:*TradeParty) to the canonical Party. */
import type { Identifier } from '../model/common';
import type { Party, PostalAddress } from '../model/party';
import { child, childrenNamed, xpathOf, type XmlElement } from '../xml/tree';
import { NS } from './namespaces';
import { defined, identifierOf, textOf } from './terms';

const { ram } = NS;

export function mapCiiAddress(el: XmlElement | undefined): PostalAddress | undefined {
  if (el === undefined) return undefined;
  const country = child(el, ram, 'CountryID');
  return {
    loc: xpathOf(el),
    line1: textOf(child(el, ram, 'LineOne')),
    line2: textOf(child(el, ram, 'LineTwo')),
    line3: textOf(child(el, ram, 'LineThree')),
    city: textOf(child(el, ram, 'CityName')),
    postCode: textOf(child(el, ram, 'PostcodeCode')),
    subdivision: textOf(child(el, ram, 'CountrySubDivisionName')),
    countryCode: textOf(country),
    countryLoc: country ? xpathOf(country) : undefined,
  };
}

export function mapCiiParty(el: XmlElement | undefined): Party | undefined {
  if (el === undefined) return undefined;
  const legal = child(el, ram, 'SpecifiedLegalOrganization');
  const names = childrenNamed(el, ram, 'Name');
  const contact = child(el, ram, 'DefinedTradeContact');
  const ids: Identifier[] = [
    ...defined(childrenNamed(el, ram, 'ID').map((i) => identifierOf(i))),
    ...defined(childrenNamed(el, ram, 'GlobalID').map((i) => identifierOf(i))),
  ];
  return {
    loc: xpathOf(el),
    name: textOf(names[0]),
    nameCount: names.length,
    registrationName: textOf(names[0]),
    tradingNames: defined([textOf(child(legal, ram, 'TradingBusinessName'))]),
    identifiers: ids,
    legalRegistrations: defined([identifierOf(child(legal, ram, 'ID'))]),
    legalForms: defined(childrenNamed(el, ram, 'Description').map(textOf)),
    // CII marks the VAT number with schemeID VA and the tax registration with FC; the official rules
    // compare the raw attribute (`ram:ID[@schemeID = 'VA']`), so a padded 'VA ' is no VAT number.
    taxRegistrations: childrenNamed(el, ram, 'SpecifiedTaxRegistration').map((t) => {
      const id = child(t, ram, 'ID');
      const scheme = id?.attrs['schemeID'];
      return { loc: xpathOf(t), companyId: textOf(id), taxScheme: scheme === 'VA' ? 'VAT' : scheme };
    }),
    electronicAddress: identifierOf(child(child(el, ram, 'URIUniversalCommunication'), ram, 'URIID')),
    address: mapCiiAddress(child(el, ram, 'PostalTradeAddress')),
    contact: contact
      ? {
          loc: xpathOf(contact),
          name: textOf(child(contact, ram, 'PersonName')) ?? textOf(child(contact, ram, 'DepartmentName')),
          telephone: textOf(child(child(contact, ram, 'TelephoneUniversalCommunication'), ram, 'CompleteNumber')),
          email: textOf(child(child(contact, ram, 'EmailURIUniversalCommunication'), ram, 'URIID')),
        }
      : undefined,
  };
}
