/**
 * Canonical model of an EN 16931 invoice or credit note. The same model is
 * filled from UBL Invoice, UBL CreditNote and CII, so one rule set serves all.
 */
import type { DecimalTerm, Identifier, Located, VatCategory } from './common';
import type { InvoiceLine, Period } from './line';
import type { Party, PostalAddress } from './party';

/** Where the model came from: an XML syntax, or the service's canonical JSON (no syntax binding). */
export type Syntax = XmlSyntax | 'JSON';
/** The XML syntaxes the engine reads. */
export type XmlSyntax = 'UBL' | 'CII';
export type DocumentType = 'Invoice' | 'CreditNote';

/** Invoice note (BG-1). */
export interface Note extends Located {
  /** Invoice note subject code (BT-21). */
  subjectCode?: string;
  /** Invoice note (BT-22). */
  text?: string;
}

/** Preceding invoice reference (BG-3). */
export interface PrecedingInvoice extends Located {
  /** Preceding invoice reference (BT-25). */
  id?: string;
  /** Preceding invoice issue date (BT-26). */
  issueDate?: string;
}

/** Delivery information (BG-13). */
export interface Delivery extends Located {
  /** Deliver to party name (BT-70). */
  partyName?: string;
  partyNameCount?: number;
  /** Deliver to location identifier (BT-71) with scheme. */
  locationId?: Identifier;
  /** Actual delivery date (BT-72). */
  actualDeliveryDate?: string;
  /** Deliver to address (BG-15). */
  address?: PostalAddress;
}

/** Credit transfer (BG-17). */
export interface CreditTransfer extends Located {
  /** Payment account identifier (BT-84). */
  accountId?: string;
  /** Payment account name (BT-85). */
  accountName?: string;
  /** Payment service provider identifier (BT-86). */
  serviceProviderId?: string;
}

/** Payment card information (BG-18). */
export interface PaymentCard extends Located {
  /** Payment card primary account number (BT-87). */
  primaryAccountNumber?: string;
  /** Payment card holder name (BT-88). */
  holderName?: string;
}

/** Direct debit (BG-19). */
export interface DirectDebit extends Located {
  /** Mandate reference identifier (BT-89). */
  mandateId?: string;
  /** Bank assigned creditor identifier (BT-90). */
  creditorId?: string;
  /** Debited account identifier (BT-91). */
  debitedAccountId?: string;
}

/** Payment instructions (BG-16); one per payment means element. */
export interface PaymentInstruction extends Located {
  /** Payment means type code (BT-81). */
  meansCode?: string;
  meansCodeLoc?: string;
  /** Payment means text (BT-82). */
  meansText?: string;
  /** Remittance information (BT-83). */
  remittanceInfo?: string[];
  creditTransfers: CreditTransfer[];
  card?: PaymentCard;
  directDebit?: DirectDebit;
}

/** Document level allowance (BG-20) or charge (BG-21). */
export interface DocumentAllowanceCharge extends Located {
  /** true = charge (BG-21), false = allowance (BG-20); undefined when the indicator is unreadable. */
  isCharge?: boolean;
  /** Amount (BT-92 / BT-99). */
  amount?: DecimalTerm;
  /** Base amount (BT-93 / BT-100). */
  baseAmount?: DecimalTerm;
  /** Percentage (BT-94 / BT-101). */
  percentage?: DecimalTerm;
  /** VAT categories given (BT-95/BT-96 or BT-102/BT-103); the VAT one is used. */
  vatCategories: VatCategory[];
  /** Reason text (BT-97 / BT-104). */
  reason?: string;
  reasonCount?: number;
  /** Reason code (BT-98 / BT-105). */
  reasonCode?: string;
}

/** VAT breakdown (BG-23). */
export interface VatBreakdown extends Located {
  /** VAT category taxable amount (BT-116). */
  taxableAmount?: DecimalTerm;
  /** VAT category tax amount (BT-117). */
  taxAmount?: DecimalTerm;
  /** VAT category code (BT-118), rate (BT-119), exemption reason (BT-120/BT-121). */
  category?: VatCategory;
}

/** A VAT total as the syntax groups it (UBL TaxTotal, CII TaxTotalAmount). */
export interface TaxTotal extends Located {
  /** Invoice total VAT amount (BT-110) or in accounting currency (BT-111), distinguished by currency. */
  taxAmount?: DecimalTerm;
  /** Breakdowns (BG-23) grouped under this total. */
  breakdowns: VatBreakdown[];
}

/** Document totals (BG-22). */
export interface DocumentTotals extends Located {
  /** Sum of Invoice line net amount (BT-106). */
  lineNetTotal?: DecimalTerm;
  /** Sum of allowances on document level (BT-107). */
  allowanceTotal?: DecimalTerm;
  /** Sum of charges on document level (BT-108). */
  chargeTotal?: DecimalTerm;
  /** Invoice total amount without VAT (BT-109). */
  taxExclusive?: DecimalTerm;
  /** Invoice total amount with VAT (BT-112). */
  taxInclusive?: DecimalTerm;
  /** Paid amount (BT-113). */
  prepaid?: DecimalTerm;
  /** Rounding amount (BT-114). */
  rounding?: DecimalTerm;
  /** Amount due for payment (BT-115). */
  payable?: DecimalTerm;
}

/** Additional supporting document (BG-24). */
export interface SupportingDocument extends Located {
  /** Supporting document reference (BT-122). */
  id?: string;
  idScheme?: string;
  /** Document type code; 130 marks the invoiced object identifier (BT-18), 50 the tender reference (BT-17). */
  typeCode?: string;
  /** Supporting document description (BT-123). */
  description?: string;
  /** External document location (BT-124). */
  uri?: string;
  /** Attached document (BT-125) mime code (BT-125-1) and filename (BT-125-2). */
  attachment?: { mimeCode?: string; filename?: string; loc: string };
}

export interface Invoice extends Located {
  syntax: Syntax;
  documentType: DocumentType;
  /** Invoice number (BT-1). */
  id?: string;
  /** Invoice issue date (BT-2). */
  issueDate?: string;
  /** Invoice type code (BT-3), UNTDID 1001. */
  typeCode?: string;
  typeCodeLoc?: string;
  /** Invoice currency code (BT-5). */
  currencyCode?: string;
  currencyCodeLoc?: string;
  /** VAT accounting currency code (BT-6); repeated only in broken documents. */
  taxCurrencyCodes: string[];
  taxCurrencyCodeLoc?: string;
  /** Value added tax point date (BT-7). */
  taxPointDate?: string;
  /** Value added tax point date code (BT-8). */
  taxPointDateCode?: string;
  taxPointDateCodeLoc?: string;
  /** Payment due date (BT-9). */
  dueDate?: string;
  /** Buyer reference (BT-10). */
  buyerReference?: string;
  /** Project reference (BT-11). */
  projectReference?: string;
  /** Contract reference (BT-12). */
  contractReference?: string;
  /** Purchase order reference (BT-13). */
  purchaseOrderReference?: string;
  /** Sales order reference (BT-14). */
  salesOrderReference?: string;
  /** Receiving advice reference (BT-15). */
  receivingAdviceReference?: string;
  /** Despatch advice reference (BT-16). */
  despatchAdviceReference?: string;
  /** Tender or lot reference (BT-17). */
  tenderReference?: string;
  /** Invoiced object identifier (BT-18) with scheme (BT-18-1). */
  invoicedObjectId?: Identifier;
  /** Buyer accounting reference (BT-19). */
  buyerAccountingReference?: string;
  /** Payment terms (BT-20). */
  paymentTerms: string[];
  /** Invoice notes (BG-1). */
  notes: Note[];
  /** Business process type (BT-23). */
  profileId?: string;
  /** Specification identifier (BT-24). */
  customizationId?: string;
  /** Preceding invoice references (BG-3). */
  precedingInvoices: PrecedingInvoice[];
  /** Seller (BG-4). */
  seller?: Party;
  /** Location of the seller wrapper (UBL AccountingSupplierParty), used by BR-CO-26. */
  sellerWrapperLoc?: string;
  /** Buyer (BG-7). */
  buyer?: Party;
  /** Payee (BG-10). */
  payee?: Party;
  /** Seller tax representative party (BG-11). */
  taxRepresentative?: Party;
  /** Delivery information (BG-13); several only in broken documents. */
  deliveries: Delivery[];
  /** Invoicing period (BG-14); several only in broken documents. */
  invoicingPeriods: Period[];
  /** Payment instructions (BG-16). */
  paymentInstructions: PaymentInstruction[];
  /** Document level allowances (BG-20) and charges (BG-21). */
  allowanceCharges: DocumentAllowanceCharge[];
  /** Document totals (BG-22). */
  totals?: DocumentTotals;
  /** VAT totals with their breakdowns (BT-110, BT-111, BG-23). */
  taxTotals: TaxTotal[];
  /** Additional supporting documents (BG-24). */
  supportingDocuments: SupportingDocument[];
  /** Invoice lines (BG-25). */
  lines: InvoiceLine[];
}

/** All VAT breakdowns of the document regardless of how the syntax groups them. */
export function allBreakdowns(inv: Invoice): VatBreakdown[] {
  const out: VatBreakdown[] = [];
  for (const t of inv.taxTotals) for (const b of t.breakdowns) out.push(b);
  return out;
}
