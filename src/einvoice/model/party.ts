/** Parties of an invoice: Seller (BG-4), Buyer (BG-7), Payee (BG-10), Seller tax representative (BG-11). */
import type { Identifier, Located } from './common';

/** Postal address (BG-5 / BG-8 / BG-12 / BG-15). */
export interface PostalAddress extends Located {
  /** Address line 1 (BT-35 / BT-50 / BT-64 / BT-75). */
  line1?: string;
  /** Address line 2 (BT-36 / BT-51 / BT-65 / BT-76). */
  line2?: string;
  /** Address line 3 (BT-162 / BT-163 / BT-164 / BT-165). */
  line3?: string;
  /** City (BT-37 / BT-52 / BT-66 / BT-77). */
  city?: string;
  /** Post code (BT-38 / BT-53 / BT-67 / BT-78). */
  postCode?: string;
  /** Country subdivision (BT-39 / BT-54 / BT-68 / BT-79). */
  subdivision?: string;
  /** Country code ISO 3166-1 alpha-2 (BT-40 / BT-55 / BT-69 / BT-80). */
  countryCode?: string;
  /** Location of the country code element, for BR-CL-14. */
  countryLoc?: string;
}

/** A tax registration of a party (UBL PartyTaxScheme, CII SpecifiedTaxRegistration). */
export interface TaxRegistration extends Located {
  /** The registration identifier (CompanyID). */
  companyId?: string;
  /** Tax scheme: 'VAT' gives BT-31/BT-48/BT-63, anything else BT-32. */
  taxScheme?: string;
}

/** Contact (BG-6 / BG-9). */
export interface Contact extends Located {
  /** Contact point (BT-41 / BT-56). */
  name?: string;
  /** Telephone (BT-42 / BT-57). */
  telephone?: string;
  /** E-mail (BT-43 / BT-58). */
  email?: string;
}

export interface Party extends Located {
  /** Legal name: Seller name BT-27, Buyer name BT-44, Payee name BT-59, tax representative name BT-62. */
  name?: string;
  /** Number of names present for the role (syntax cardinality rules). */
  nameCount?: number;
  /** The legal entity name as written (UBL PartyLegalEntity/RegistrationName, CII Name); BR-17 compares it. */
  registrationName?: string;
  /** Trading names (BT-28 / BT-45). */
  tradingNames: string[];
  /** Party identifiers (BT-29 / BT-46 / BT-60) with scheme (BT-29-1 ...). */
  identifiers: Identifier[];
  /** Legal registration identifiers (BT-30 / BT-47 / BT-61) with scheme. */
  legalRegistrations: Identifier[];
  /** Additional legal information (BT-33). */
  legalForms: string[];
  /** Tax registrations; the VAT one gives BT-31 / BT-48 / BT-63, others BT-32. */
  taxRegistrations: TaxRegistration[];
  /** Electronic address (BT-34 / BT-49) with scheme (BT-34-1 / BT-49-1). */
  electronicAddress?: Identifier;
  /** Postal address (BG-5 / BG-8 / BG-12). */
  address?: PostalAddress;
  contact?: Contact;
}

/** All tax registration ids of a party whose scheme is VAT (BT-31 / BT-48 / BT-63). */
export function vatIdentifiers(party: Party | undefined): TaxRegistration[] {
  if (party === undefined) return [];
  return party.taxRegistrations.filter((t) => t.companyId !== undefined && t.taxScheme !== undefined && t.taxScheme.trim().toUpperCase() === 'VAT');
}

/** Whether any tax registration (any scheme) carries a company id. */
export function hasAnyTaxRegistration(party: Party | undefined): boolean {
  return party !== undefined && party.taxRegistrations.some((t) => t.companyId !== undefined);
}
