/**
 * What the Peppol Schematron computes once per document (its <let> variables): the business
 * process (profile), the seller's and buyer's countries as the national rules read them.
 */
import { NS } from '../../parse/namespaces';
import type { RuleContext } from '../../rules/rule';
import type { XmlElement } from '../../xml/tree';
import { all, first, ns, str, text } from './xpath';

export interface PeppolDocumentContext {
  /** The NN of 'urn:fdc:peppol.eu:2017:poacc:billing:NN:1.0', or 'Unknown'. */
  profile: string;
  /** Seller country: the VAT identifier's prefix, else the tax representative's, else the address country; 'XX' when none. */
  supplierCountry: string;
  /** Buyer country by the same idiom (UBL). */
  customerCountry: string;
  /** Seller country without the tax representative step (the Greek rules' `accountingSupplierCountry`). */
  accountingSupplierCountry: string;
  /** Address countries of seller and buyer (upper-cased, trimmed) as the DE/NL idioms read them. */
  supplierAddressCountry: string;
  customerAddressCountry: string;
  /** UBL: the DK idiom concatenates the raw address country codes. */
  supplierAddressCountryRaw: string;
  customerAddressCountryRaw: string;
}

const cache = new WeakMap<XmlElement, PeppolDocumentContext>();

const PROFILE = /urn:fdc:peppol.eu:2017:poacc:billing:([0-9]{2}):1.0/;

function profileOf(id: XmlElement | undefined): string {
  if (id === undefined) return 'Unknown';
  const value = ns(id);
  return PROFILE.test(value) ? (value.split(':')[6] ?? '') : 'Unknown';
}

/** `if (X/substring(CompanyID, 1, 2)) then upper-case(normalize-space(...))`: the first VAT id's prefix, when non-empty. */
function prefixOf(ids: readonly XmlElement[]): string | undefined {
  if (ids.length === 0) return undefined;
  const prefix = str(ids[0]).slice(0, 2);
  return prefix === '' ? undefined : ns(prefix).toUpperCase();
}

export function peppolContext(ctx: RuleContext): PeppolDocumentContext {
  const root = ctx.doc.root;
  const hit = cache.get(root);
  if (hit) return hit;
  const value = ctx.doc.syntax === 'UBL' ? ublContext(root) : ciiContext(root);
  cache.set(root, value);
  return value;
}

const vatSchemeUbl = (schemes: readonly XmlElement[]) => schemes.filter((s) => all(s, 'cac:TaxScheme/cbc:ID').some((id) => str(id) === 'VAT'));

function ublContext(root: XmlElement): PeppolDocumentContext {
  const seller = first(root, 'cac:AccountingSupplierParty/cac:Party');
  const buyer = first(root, 'cac:AccountingCustomerParty/cac:Party');
  const sellerVat = vatSchemeUbl(all(seller, 'cac:PartyTaxScheme')).flatMap((s) => all(s, 'cbc:CompanyID'));
  const representativeVat = vatSchemeUbl(all(root, 'cac:TaxRepresentativeParty/cac:PartyTaxScheme')).flatMap((s) => all(s, 'cbc:CompanyID'));
  const buyerVat = vatSchemeUbl(all(buyer, 'cac:PartyTaxScheme')).flatMap((s) => all(s, 'cbc:CompanyID'));
  const sellerCountryEl = first(seller, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode');
  const buyerCountryEl = first(buyer, 'cac:PostalAddress/cac:Country/cbc:IdentificationCode');
  return {
    profile: profileOf(first(root, 'cbc:ProfileID')),
    supplierCountry: prefixOf(sellerVat) ?? prefixOf(representativeVat) ?? (sellerCountryEl ? ns(sellerCountryEl).toUpperCase() : 'XX'),
    customerCountry: prefixOf(buyerVat) ?? (buyerCountryEl ? ns(buyerCountryEl).toUpperCase() : 'XX'),
    accountingSupplierCountry: prefixOf(sellerVat) ?? (sellerCountryEl ? ns(sellerCountryEl).toUpperCase() : 'XX'),
    supplierAddressCountry: ns(sellerCountryEl).toUpperCase(),
    customerAddressCountry: ns(buyerCountryEl).toUpperCase(),
    supplierAddressCountryRaw: str(sellerCountryEl),
    customerAddressCountryRaw: str(buyerCountryEl),
  };
}

const AGREEMENT = 'rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement';

function ciiContext(root: XmlElement): PeppolDocumentContext {
  const vatIds = (party: XmlElement | undefined) =>
    all(party, 'ram:SpecifiedTaxRegistration').filter((r) => all(r, 'ram:ID').some((id) => id.attrs.schemeID === 'VAT')).flatMap((r) => all(r, 'ram:ID'));
  const agreement = first(root, AGREEMENT);
  const seller = first(agreement, 'ram:SellerTradeParty');
  const buyer = first(agreement, 'ram:BuyerTradeParty');
  const sellerCountryEl = first(seller, 'ram:PostalTradeAddress/ram:CountryID');
  const buyerCountryEl = first(buyer, 'ram:PostalTradeAddress/ram:CountryID');
  return {
    profile: profileOf(first(root, 'rsm:ExchangedDocumentContext/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID')),
    supplierCountry:
      prefixOf(vatIds(seller)) ??
      prefixOf(vatIds(first(agreement, 'ram:SellerTaxRepresentativeTradeParty'))) ??
      (sellerCountryEl ? ns(sellerCountryEl).toUpperCase() : 'XX'),
    customerCountry: prefixOf(vatIds(buyer)) ?? (buyerCountryEl ? ns(buyerCountryEl).toUpperCase() : 'XX'),
    accountingSupplierCountry: prefixOf(vatIds(seller)) ?? (sellerCountryEl ? ns(sellerCountryEl).toUpperCase() : 'XX'),
    supplierAddressCountry: ns(sellerCountryEl).toUpperCase(),
    customerAddressCountry: ns(buyerCountryEl).toUpperCase(),
    supplierAddressCountryRaw: text(seller, 'ram:PostalTradeAddress/ram:CountryID'),
    customerAddressCountryRaw: text(buyer, 'ram:PostalTradeAddress/ram:CountryID'),
  };
}

export { NS };
