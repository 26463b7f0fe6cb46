import type {
  DecimalTerm,
  DocumentAllowanceCharge,
  Identifier,
  Invoice,
  InvoiceLine,
  Party,
  Period,
  PostalAddress,
  TaxTotal,
  VatCategory,
} from '../../einvoice';
import { parseDecimal } from '../../einvoice';
import type { CanonicalAddress, CanonicalIdentifier, CanonicalInvoice, CanonicalParty, CanonicalPeriod } from '../../domain/canonical-invoice';

/**
 * Builds the engine's EN 16931 model from a canonical invoice, so the engine's own business
 * rules judge a JSON invoice exactly as they judge the model of an XML one (no second rule
 * implementation, no serialisation to a syntax the caller never sent). Every location is the
 * canonical field path (`lines[0].net_amount`), which is what a JSON caller can act on.
 *
 * The model's syntax is 'JSON': syntax-binding rules (UBL-*, CII-*) never apply, and the few
 * business rules with a syntax-specific reading take the one EN 16931 states (e.g. BT-8 codes
 * from UNTDID 2005). Canonical VAT categories are VAT-scheme categories by definition.
 */

const opt = (value: string | null | undefined): string | undefined => (value === null || value === undefined ? undefined : value);

function decimal(value: string | null | undefined, loc: string, currency?: string | null): DecimalTerm | undefined {
  if (value === null || value === undefined) return undefined;
  const term: DecimalTerm = { text: value, value: parseDecimal(value), loc };
  if (currency) term.currency = currency;
  return term;
}

function identifier(id: CanonicalIdentifier | null | undefined, loc: string): Identifier | undefined {
  if (id === null || id === undefined) return undefined;
  return { value: id.id, scheme: opt(id.scheme), loc };
}

function vatCategories(code: string | null | undefined, rate: string | null | undefined, loc: string): VatCategory[] {
  if ((code === null || code === undefined) && (rate === null || rate === undefined)) return [];
  return [{ loc, code: opt(code), rate: decimal(rate, `${loc}.vat_rate`), taxScheme: 'VAT' }];
}

function period(p: CanonicalPeriod | null | undefined, loc: string): Period[] {
  return p ? [{ loc, startDate: opt(p.start_date), endDate: opt(p.end_date) }] : [];
}

function address(a: CanonicalAddress | null | undefined, loc: string): PostalAddress | undefined {
  if (a === null || a === undefined) return undefined;
  return {
    loc,
    line1: opt(a.line1),
    line2: opt(a.line2),
    line3: opt(a.line3),
    city: opt(a.city),
    postCode: opt(a.post_code),
    subdivision: opt(a.subdivision),
    countryCode: opt(a.country),
    countryLoc: `${loc}.country`,
  };
}

function party(p: CanonicalParty | null | undefined, loc: string): Party | undefined {
  if (p === null || p === undefined) return undefined;
  const taxRegistrations = [];
  if (p.vat_id) taxRegistrations.push({ loc: `${loc}.vat_id`, companyId: p.vat_id, taxScheme: 'VAT' });
  if (p.tax_registration) taxRegistrations.push({ loc: `${loc}.tax_registration`, companyId: p.tax_registration, taxScheme: 'FC' });
  // The summary country alone still says where the party is (canonical documents without an address).
  const fallback = p.country ? { line1: null, line2: null, line3: null, city: null, post_code: null, subdivision: null, country: p.country } : null;
  const postal = p.address ? address(p.address, `${loc}.address`) : address(fallback, loc);
  const legal = identifier(p.legal_registration, `${loc}.legal_registration`);
  return {
    loc,
    name: opt(p.name),
    nameCount: p.name ? 1 : 0,
    registrationName: opt(p.name),
    tradingNames: p.trading_name ? [p.trading_name] : [],
    identifiers: p.identifiers.map((id, i) => ({ value: id.id, scheme: opt(id.scheme), loc: `${loc}.identifiers[${i}]` })),
    legalRegistrations: legal ? [legal] : [],
    legalForms: p.legal_form ? [p.legal_form] : [],
    taxRegistrations,
    electronicAddress: identifier(p.electronic_address, `${loc}.electronic_address`),
    address: postal,
    contact: p.contact ? { loc: `${loc}.contact`, name: opt(p.contact.name), telephone: opt(p.contact.telephone), email: opt(p.contact.email) } : undefined,
  };
}

function line(l: CanonicalInvoice['lines'][number], i: number, currency: string | null): InvoiceLine {
  const loc = `lines[${i}]`;
  const price = l.price;
  return {
    loc,
    id: opt(l.id),
    notes: l.note ? [l.note] : [],
    objectId: identifier(l.object_id, `${loc}.object_id`),
    quantity: decimal(l.quantity, `${loc}.quantity`),
    unitCode: opt(l.unit),
    netAmount: decimal(l.net_amount, `${loc}.net_amount`, currency),
    orderLineRefs: l.order_line_reference ? [l.order_line_reference] : [],
    accountingRef: opt(l.accounting_reference),
    periods: period(l.period, `${loc}.period`),
    allowanceCharges: (l.allowances_charges ?? []).map((a, j) => {
      const at = `${loc}.allowances_charges[${j}]`;
      return {
        loc: at,
        isCharge: a.charge,
        amount: decimal(a.amount, `${at}.amount`, currency),
        baseAmount: decimal(a.base_amount, `${at}.base_amount`, currency),
        percentage: decimal(a.percentage, `${at}.percentage`),
        reason: opt(a.reason),
        reasonCode: opt(a.reason_code),
      };
    }),
    price: price
      ? {
          loc: `${loc}.price`,
          netPrice: decimal(price.net, `${loc}.price.net`, currency),
          grossPrice: decimal(price.gross, `${loc}.price.gross`, currency),
          discount: decimal(price.discount, `${loc}.price.discount`, currency),
          baseQuantity: decimal(price.base_quantity, `${loc}.price.base_quantity`),
          baseQuantityUnit: opt(price.base_quantity_unit),
        }
      : undefined,
    priceDiscountCount: price?.discount ? 1 : 0,
    vatCategories: vatCategories(l.vat_category, l.vat_rate, loc),
    item: {
      loc,
      name: opt(l.name),
      description: opt(l.description),
      sellerId: opt(l.seller_item_id),
      buyerId: opt(l.buyer_item_id),
      standardIds: (l.standard_ids ?? []).map((id, j) => ({ value: id.id, scheme: opt(id.scheme), loc: `${loc}.standard_ids[${j}]` })),
      classifications: (l.classifications ?? []).map((id, j) => ({ value: id.id, scheme: opt(id.scheme), loc: `${loc}.classifications[${j}]` })),
      originCountry: opt(l.origin_country),
      originCountryLoc: `${loc}.origin_country`,
      attributes: (l.attributes ?? []).map((a, j) => ({ loc: `${loc}.attributes[${j}]`, name: opt(a.name), value: opt(a.value) })),
    },
  };
}

/** The engine model of a canonical invoice; locations are canonical field paths. */
export function canonicalToModel(c: CanonicalInvoice): Invoice {
  const currency = c.currency;
  const t = c.totals;
  const breakdowns = (c.vat_breakdown ?? []).map((b, i) => {
    const loc = `vat_breakdown[${i}]`;
    return {
      loc,
      taxableAmount: decimal(b.taxable_amount, `${loc}.taxable_amount`, currency),
      taxAmount: decimal(b.tax_amount, `${loc}.tax_amount`, currency),
      category: {
        loc,
        code: opt(b.category),
        rate: decimal(b.rate, `${loc}.rate`),
        taxScheme: b.category === null && b.rate === null ? undefined : 'VAT',
        exemptionReason: opt(b.exemption_reason),
        exemptionReasonCount: b.exemption_reason ? 1 : 0,
        exemptionReasonCode: opt(b.exemption_reason_code),
      },
    };
  });
  const taxTotals: TaxTotal[] = [];
  if (t.tax !== null || breakdowns.length > 0) taxTotals.push({ loc: 'totals.tax', taxAmount: decimal(t.tax, 'totals.tax', currency), breakdowns });
  if (t.tax_in_tax_currency) taxTotals.push({ loc: 'totals.tax_in_tax_currency', taxAmount: decimal(t.tax_in_tax_currency, 'totals.tax_in_tax_currency', c.tax_currency), breakdowns: [] });
  const allowanceCharges: DocumentAllowanceCharge[] = (c.allowances_charges ?? []).map((a, i) => {
    const loc = `allowances_charges[${i}]`;
    return {
      loc,
      isCharge: a.charge,
      amount: decimal(a.amount, `${loc}.amount`, currency),
      baseAmount: decimal(a.base_amount, `${loc}.base_amount`, currency),
      percentage: decimal(a.percentage, `${loc}.percentage`),
      vatCategories: vatCategories(a.vat_category, a.vat_rate, loc),
      reason: opt(a.reason),
      reasonCount: a.reason ? 1 : 0,
      reasonCode: opt(a.reason_code),
    };
  });
  const delivery = c.delivery;
  return {
    loc: '$',
    syntax: 'JSON',
    documentType: c.document_type,
    customizationId: opt(c.specification_id),
    profileId: opt(c.process_id),
    id: opt(c.number),
    issueDate: opt(c.issue_date),
    typeCode: opt(c.type_code),
    typeCodeLoc: 'type_code',
    currencyCode: opt(currency),
    currencyCodeLoc: 'currency',
    taxCurrencyCodes: c.tax_currency ? [c.tax_currency] : [],
    taxCurrencyCodeLoc: 'tax_currency',
    taxPointDate: opt(c.tax_point_date),
    taxPointDateCode: opt(c.tax_point_date_code),
    taxPointDateCodeLoc: 'tax_point_date_code',
    dueDate: opt(c.due_date),
    buyerReference: opt(c.buyer_reference),
    projectReference: opt(c.project_reference),
    contractReference: opt(c.contract_reference),
    purchaseOrderReference: opt(c.purchase_order_reference),
    salesOrderReference: opt(c.sales_order_reference),
    receivingAdviceReference: opt(c.receiving_advice_reference),
    despatchAdviceReference: opt(c.despatch_advice_reference),
    tenderReference: opt(c.tender_reference),
    invoicedObjectId: identifier(c.invoiced_object_id, 'invoiced_object_id'),
    buyerAccountingReference: opt(c.buyer_accounting_reference),
    paymentTerms: c.payment_terms ? [c.payment_terms] : [],
    notes: (c.notes ?? []).map((n, i) => ({ loc: `notes[${i}]`, subjectCode: opt(n.subject_code), text: opt(n.text) })),
    precedingInvoices: (c.preceding_invoices ?? []).map((p, i) => ({ loc: `preceding_invoices[${i}]`, id: opt(p.number), issueDate: opt(p.issue_date) })),
    seller: party(c.seller, 'seller'),
    buyer: party(c.buyer, 'buyer'),
    payee: party(c.payee, 'payee'),
    taxRepresentative: party(c.tax_representative, 'tax_representative'),
    deliveries: delivery
      ? [
          {
            loc: 'delivery',
            partyName: opt(delivery.party_name),
            partyNameCount: delivery.party_name ? 1 : 0,
            locationId: identifier(delivery.location_id, 'delivery.location_id'),
            actualDeliveryDate: opt(delivery.actual_delivery_date),
            address: address(delivery.address, 'delivery.address'),
          },
        ]
      : [],
    invoicingPeriods: period(c.invoicing_period, 'invoicing_period'),
    paymentInstructions: (c.payment_instructions ?? []).map((p, i) => {
      const loc = `payment_instructions[${i}]`;
      return {
        loc,
        meansCode: opt(p.means_code),
        meansCodeLoc: `${loc}.means_code`,
        meansText: opt(p.means_text),
        remittanceInfo: p.remittance_information ? [p.remittance_information] : [],
        creditTransfers: p.credit_transfers.map((ct, j) => ({
          loc: `${loc}.credit_transfers[${j}]`,
          accountId: opt(ct.account_id),
          accountName: opt(ct.account_name),
          serviceProviderId: opt(ct.service_provider_id),
        })),
        card: p.card ? { loc: `${loc}.card`, primaryAccountNumber: opt(p.card.primary_account_number), holderName: opt(p.card.holder_name) } : undefined,
        directDebit: p.direct_debit
          ? { loc: `${loc}.direct_debit`, mandateId: opt(p.direct_debit.mandate_id), creditorId: opt(p.direct_debit.creditor_id), debitedAccountId: opt(p.direct_debit.debited_account_id) }
          : undefined,
      };
    }),
    allowanceCharges,
    totals: {
      loc: 'totals',
      lineNetTotal: decimal(t.line_net, 'totals.line_net', currency),
      allowanceTotal: decimal(t.allowances, 'totals.allowances', currency),
      chargeTotal: decimal(t.charges, 'totals.charges', currency),
      taxExclusive: decimal(t.tax_exclusive, 'totals.tax_exclusive', currency),
      taxInclusive: decimal(t.tax_inclusive, 'totals.tax_inclusive', currency),
      prepaid: decimal(t.prepaid, 'totals.prepaid', currency),
      rounding: decimal(t.rounding, 'totals.rounding', currency),
      payable: decimal(t.payable, 'totals.payable', currency),
    },
    taxTotals,
    supportingDocuments: (c.supporting_documents ?? []).map((d, i) => ({
      loc: `supporting_documents[${i}]`,
      id: opt(d.id),
      description: opt(d.description),
      uri: opt(d.uri),
      attachment: d.attachment ? { loc: `supporting_documents[${i}].attachment`, mimeCode: opt(d.attachment.mime_code), filename: opt(d.attachment.filename) } : undefined,
    })),
    lines: c.lines.map((l, i) => line(l, i, currency)),
  };
}
