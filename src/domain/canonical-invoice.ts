import { partyKey } from './party-key';

/**
 * The service's canonical invoice: the syntax-neutral view every stage after parsing works on
 * and the body of `application/json` submissions. It carries the EN 16931 semantic model (the
 * business terms BT-* in their groups BG-*), so the en16931 validate module can judge a JSON
 * invoice with the same business rules as XML. Amounts, quantities and rates are decimal
 * strings, never floats, so they survive JSON without rounding; dates are YYYY-MM-DD. A parsed
 * invoice never carries an invalid date or number: such a value is null and reported.
 *
 * The core fields (number ... lines) are always present; the EN 16931 detail fields are optional
 * so a lenient extraction and older stored invoices stay valid canonical invoices. Absent and
 * null mean the same: the business term is not given.
 */

/** An identifier with its identification scheme (e.g. BT-29 with BT-29-1). */
export interface CanonicalIdentifier {
  id: string;
  scheme: string | null;
}

/** Postal address (BG-5, BG-8, BG-12, BG-15). */
export interface CanonicalAddress {
  line1: string | null;
  line2: string | null;
  line3: string | null;
  city: string | null;
  post_code: string | null;
  subdivision: string | null;
  /** ISO 3166-1 alpha-2 (BT-40, BT-55, BT-69, BT-80). */
  country: string | null;
}

/** Contact (BG-6, BG-9). */
export interface CanonicalContact {
  name: string | null;
  telephone: string | null;
  email: string | null;
}

/** Seller (BG-4), buyer (BG-7), payee (BG-10) or seller tax representative (BG-11). */
export interface CanonicalParty {
  /** Legal name (BT-27, BT-44, BT-59, BT-62). */
  name: string | null;
  /** VAT identifier (BT-31, BT-48, BT-63). */
  vat_id: string | null;
  /** Party identifiers (BT-29, BT-46, BT-60) with their schemes. */
  identifiers: CanonicalIdentifier[];
  /** The postal address's country code; kept beside `address` as the short summary. */
  country: string | null;
  /** Trading name (BT-28, BT-45). */
  trading_name?: string | null;
  /** Legal registration identifier (BT-30, BT-47, BT-61) with scheme. */
  legal_registration?: CanonicalIdentifier | null;
  /** Additional legal information (BT-33). */
  legal_form?: string | null;
  /** Tax registration identifier under another scheme than VAT (BT-32). */
  tax_registration?: string | null;
  /** Electronic address (BT-34, BT-49) with scheme. */
  electronic_address?: CanonicalIdentifier | null;
  address?: CanonicalAddress | null;
  contact?: CanonicalContact | null;
}

export interface CanonicalTotals {
  /** BT-106 */
  line_net: string | null;
  /** BT-109 */
  tax_exclusive: string | null;
  /** BT-110: total VAT in the invoice currency. */
  tax: string | null;
  /** BT-112 */
  tax_inclusive: string | null;
  /** BT-115 */
  payable: string | null;
  /** BT-107 */
  allowances?: string | null;
  /** BT-108 */
  charges?: string | null;
  /** BT-111: total VAT in the VAT accounting currency (BT-6). */
  tax_in_tax_currency?: string | null;
  /** BT-113 */
  prepaid?: string | null;
  /** BT-114 */
  rounding?: string | null;
}

/** VAT category information (BG-30 on a line; BT-95/BT-96, BT-102/BT-103 on allowances and charges). */
export interface CanonicalVat {
  vat_category: string | null;
  vat_rate: string | null;
}

/** Document level allowance (BG-20, charge false) or charge (BG-21, charge true). */
export interface CanonicalAllowanceCharge extends CanonicalVat {
  charge: boolean;
  amount: string | null;
  base_amount: string | null;
  percentage: string | null;
  reason: string | null;
  reason_code: string | null;
}

/** Line allowance (BG-27) or charge (BG-28). */
export type CanonicalLineAllowanceCharge = Omit<CanonicalAllowanceCharge, keyof CanonicalVat>;

/** VAT breakdown (BG-23). */
export interface CanonicalVatBreakdown {
  /** BT-116 */
  taxable_amount: string | null;
  /** BT-117 */
  tax_amount: string | null;
  /** BT-118 */
  category: string | null;
  /** BT-119 */
  rate: string | null;
  /** BT-120 */
  exemption_reason: string | null;
  /** BT-121 */
  exemption_reason_code: string | null;
}

export interface CanonicalPeriod {
  start_date: string | null;
  end_date: string | null;
}

/** Payment instructions (BG-16) with credit transfer (BG-17), card (BG-18), direct debit (BG-19). */
export interface CanonicalPaymentInstruction {
  means_code: string | null;
  means_text: string | null;
  remittance_information: string | null;
  credit_transfers: Array<{ account_id: string | null; account_name: string | null; service_provider_id: string | null }>;
  card: { primary_account_number: string | null; holder_name: string | null } | null;
  direct_debit: { mandate_id: string | null; creditor_id: string | null; debited_account_id: string | null } | null;
}

/** Delivery information (BG-13). */
export interface CanonicalDelivery {
  party_name: string | null;
  location_id: CanonicalIdentifier | null;
  actual_delivery_date: string | null;
  address: CanonicalAddress | null;
}

/** Additional supporting document (BG-24). */
export interface CanonicalSupportingDocument {
  id: string | null;
  description: string | null;
  uri: string | null;
  attachment: { mime_code: string | null; filename: string | null } | null;
}

/** Price details (BG-29). */
export interface CanonicalPrice {
  net: string | null;
  gross: string | null;
  discount: string | null;
  base_quantity: string | null;
  base_quantity_unit: string | null;
}

/** Invoice line (BG-25) with its item (BG-31). */
export interface CanonicalLine extends CanonicalVat {
  id: string | null;
  /** Item name (BT-153). */
  name: string | null;
  quantity: string | null;
  unit: string | null;
  net_amount: string | null;
  note?: string | null;
  object_id?: CanonicalIdentifier | null;
  order_line_reference?: string | null;
  accounting_reference?: string | null;
  period?: CanonicalPeriod | null;
  allowances_charges?: CanonicalLineAllowanceCharge[];
  price?: CanonicalPrice | null;
  description?: string | null;
  seller_item_id?: string | null;
  buyer_item_id?: string | null;
  standard_ids?: CanonicalIdentifier[];
  classifications?: CanonicalIdentifier[];
  origin_country?: string | null;
  attributes?: Array<{ name: string | null; value: string | null }>;
}

export interface CanonicalInvoice {
  syntax: 'UBL' | 'CII' | 'JSON';
  document_type: 'Invoice' | 'CreditNote';
  /** BT-1 */
  number: string | null;
  /** BT-2 */
  issue_date: string | null;
  /** BT-9 */
  due_date: string | null;
  /** BT-3, UNTDID 1001 */
  type_code: string | null;
  /** BT-5 */
  currency: string | null;
  seller: CanonicalParty;
  buyer: CanonicalParty;
  totals: CanonicalTotals;
  lines: CanonicalLine[];
  /** True when only the core fields could be extracted (lenient parsing). */
  partial: boolean;
  /** BT-24 */
  specification_id?: string | null;
  /** BT-23 */
  process_id?: string | null;
  /** BT-6 */
  tax_currency?: string | null;
  /** BT-7 */
  tax_point_date?: string | null;
  /** BT-8, UNTDID 2005 (3, 35, 432) whatever the source syntax. */
  tax_point_date_code?: string | null;
  buyer_reference?: string | null;
  project_reference?: string | null;
  contract_reference?: string | null;
  purchase_order_reference?: string | null;
  sales_order_reference?: string | null;
  receiving_advice_reference?: string | null;
  despatch_advice_reference?: string | null;
  tender_reference?: string | null;
  invoiced_object_id?: CanonicalIdentifier | null;
  buyer_accounting_reference?: string | null;
  /** BT-20 */
  payment_terms?: string | null;
  /** BG-1 */
  notes?: Array<{ subject_code: string | null; text: string | null }>;
  /** BG-3 */
  preceding_invoices?: Array<{ number: string | null; issue_date: string | null }>;
  payee?: CanonicalParty | null;
  tax_representative?: CanonicalParty | null;
  delivery?: CanonicalDelivery | null;
  /** BG-14 */
  invoicing_period?: CanonicalPeriod | null;
  payment_instructions?: CanonicalPaymentInstruction[];
  allowances_charges?: CanonicalAllowanceCharge[];
  vat_breakdown?: CanonicalVatBreakdown[];
  supporting_documents?: CanonicalSupportingDocument[];
}

/** The supplier key duplicates and the directory are matched on: VAT id, else the name. */
export function supplierKey(invoice: CanonicalInvoice): string | null {
  return partyKey(invoice.seller);
}

/** The invoice total the rules and the duplicate check use: payable, else tax inclusive. */
export function invoiceTotal(invoice: CanonicalInvoice): string | null {
  return invoice.totals.payable ?? invoice.totals.tax_inclusive;
}
