import type { DecimalTerm, Identifier, Invoice, Party, PostalAddress, VatCategory } from '../../einvoice';
import { allBreakdowns, isIsoDate, isVatScheme, vatIdentifiers } from '../../einvoice';
import type { CanonicalAddress, CanonicalIdentifier, CanonicalInvoice, CanonicalParty, CanonicalPeriod } from '../../domain/canonical-invoice';

/**
 * Maps the engine's EN 16931 model onto the canonical invoice. Decimals keep their source text
 * (the BR-DEC rules count its fraction digits) and, like dates, are null when the source value
 * is outside its datatype: the parse stage's XSD-DATATYPE findings report those, and nothing
 * downstream (PostgreSQL's date and numeric columns) ever receives one.
 */

const text = (value: string | undefined): string | null => (value === undefined ? null : value);
const date = (value: string | undefined): string | null => (value !== undefined && isIsoDate(value) ? value : null);
// A term has a value only when its text is a decimal within bounds (parseDecimal).
const decimal = (term: DecimalTerm | undefined): string | null => (term?.value !== undefined ? term.text.trim() : null);
const joined = (values: string[]): string | null => (values.length === 0 ? null : values.join('\n'));

/** CII writes BT-8 with UNTDID 2475 codes; the canonical model uses the semantic UNTDID 2005 ones. */
const UNTDID_2475_TO_2005: Readonly<Record<string, string>> = { '5': '3', '29': '35', '72': '432' };

function identifier(id: Identifier | undefined): CanonicalIdentifier | null {
  return id === undefined ? null : { id: id.value, scheme: id.scheme ?? null };
}

function address(a: PostalAddress | undefined): CanonicalAddress | null {
  if (a === undefined) return null;
  return { line1: text(a.line1), line2: text(a.line2), line3: text(a.line3), city: text(a.city), post_code: text(a.postCode), subdivision: text(a.subdivision), country: text(a.countryCode) };
}

/** The first category of the VAT scheme (its code and rate are CanonicalVat's two fields). */
const vatOf = (categories: VatCategory[]): VatCategory | undefined => categories.find(isVatScheme);

function period(p: { startDate?: string; endDate?: string } | undefined): CanonicalPeriod | null {
  return p === undefined ? null : { start_date: date(p.startDate), end_date: date(p.endDate) };
}

function party(p: Party | undefined): CanonicalParty {
  const vatId = vatIdentifiers(p)[0];
  return {
    name: text(p?.name),
    vat_id: text(vatId?.companyId),
    identifiers: (p?.identifiers ?? []).map((id) => ({ id: id.value, scheme: id.scheme ?? null })),
    country: text(p?.address?.countryCode),
    trading_name: text(p?.tradingNames[0]),
    legal_registration: identifier(p?.legalRegistrations[0]),
    legal_form: text(p?.legalForms[0]),
    tax_registration: text(p?.taxRegistrations.find((t) => t !== vatId && t.companyId !== undefined)?.companyId),
    electronic_address: identifier(p?.electronicAddress),
    address: address(p?.address),
    contact: p?.contact ? { name: text(p.contact.name), telephone: text(p.contact.telephone), email: text(p.contact.email) } : null,
  };
}

/** Maps the engine's EN 16931 model onto the canonical invoice. */
export function canonicalFromModel(invoice: Invoice): CanonicalInvoice {
  const currency = invoice.currencyCode;
  const taxCurrency = invoice.taxCurrencyCodes[0];
  const vatTotal = invoice.taxTotals.find((t) => !t.taxAmount?.currency || t.taxAmount.currency === currency);
  const accountingTotal = taxCurrency !== undefined && taxCurrency !== currency ? invoice.taxTotals.find((t) => t.taxAmount?.currency === taxCurrency) : undefined;
  const pointCode = invoice.taxPointDateCode;
  const t = invoice.totals;
  const delivery = invoice.deliveries[0];
  return {
    syntax: invoice.syntax,
    document_type: invoice.documentType,
    number: text(invoice.id),
    issue_date: date(invoice.issueDate),
    due_date: date(invoice.dueDate),
    type_code: text(invoice.typeCode),
    currency: text(currency),
    seller: party(invoice.seller),
    buyer: party(invoice.buyer),
    totals: {
      line_net: decimal(t?.lineNetTotal),
      tax_exclusive: decimal(t?.taxExclusive),
      tax: decimal(vatTotal?.taxAmount),
      tax_inclusive: decimal(t?.taxInclusive),
      payable: decimal(t?.payable),
      allowances: decimal(t?.allowanceTotal),
      charges: decimal(t?.chargeTotal),
      tax_in_tax_currency: decimal(accountingTotal?.taxAmount),
      prepaid: decimal(t?.prepaid),
      rounding: decimal(t?.rounding),
    },
    lines: invoice.lines.map((line) => {
      const vat = vatOf(line.vatCategories);
      // CanonicalVat's fields written in place (a spread would build the object key by key).
      return {
        id: text(line.id),
        name: text(line.item?.name),
        quantity: decimal(line.quantity),
        unit: text(line.unitCode),
        net_amount: decimal(line.netAmount),
        vat_category: text(vat?.code),
        vat_rate: decimal(vat?.rate),
        note: joined(line.notes),
        object_id: identifier(line.objectId),
        order_line_reference: text(line.orderLineRefs[0]),
        accounting_reference: text(line.accountingRef),
        period: period(line.periods[0]),
        allowances_charges: line.allowanceCharges
          .filter((a) => a.isCharge !== undefined)
          .map((a) => ({
            charge: a.isCharge === true,
            amount: decimal(a.amount),
            base_amount: decimal(a.baseAmount),
            percentage: decimal(a.percentage),
            reason: text(a.reason),
            reason_code: text(a.reasonCode),
          })),
        price: line.price
          ? {
              net: decimal(line.price.netPrice),
              gross: decimal(line.price.grossPrice),
              discount: decimal(line.price.discount),
              base_quantity: decimal(line.price.baseQuantity),
              base_quantity_unit: text(line.price.baseQuantityUnit),
            }
          : null,
        description: text(line.item?.description),
        seller_item_id: text(line.item?.sellerId),
        buyer_item_id: text(line.item?.buyerId),
        standard_ids: (line.item?.standardIds ?? []).map((id) => ({ id: id.value, scheme: id.scheme ?? null })),
        classifications: (line.item?.classifications ?? []).map((id) => ({ id: id.value, scheme: id.scheme ?? null })),
        origin_country: text(line.item?.originCountry),
        attributes: (line.item?.attributes ?? []).map((a) => ({ name: text(a.name), value: text(a.value) })),
      };
    }),
    partial: false,
    specification_id: text(invoice.customizationId),
    process_id: text(invoice.profileId),
    tax_currency: text(taxCurrency),
    tax_point_date: date(invoice.taxPointDate),
    tax_point_date_code: pointCode === undefined ? null : invoice.syntax === 'CII' ? (UNTDID_2475_TO_2005[pointCode] ?? pointCode) : pointCode,
    buyer_reference: text(invoice.buyerReference),
    project_reference: text(invoice.projectReference),
    contract_reference: text(invoice.contractReference),
    purchase_order_reference: text(invoice.purchaseOrderReference),
    sales_order_reference: text(invoice.salesOrderReference),
    receiving_advice_reference: text(invoice.receivingAdviceReference),
    despatch_advice_reference: text(invoice.despatchAdviceReference),
    tender_reference: text(invoice.tenderReference),
    invoiced_object_id: identifier(invoice.invoicedObjectId),
    buyer_accounting_reference: text(invoice.buyerAccountingReference),
    payment_terms: joined(invoice.paymentTerms),
    notes: invoice.notes.map((n) => ({ subject_code: text(n.subjectCode), text: text(n.text) })),
    preceding_invoices: invoice.precedingInvoices.map((p) => ({ number: text(p.id), issue_date: date(p.issueDate) })),
    payee: invoice.payee ? party(invoice.payee) : null,
    tax_representative: invoice.taxRepresentative ? party(invoice.taxRepresentative) : null,
    delivery: delivery
      ? { party_name: text(delivery.partyName), location_id: identifier(delivery.locationId), actual_delivery_date: date(delivery.actualDeliveryDate), address: address(delivery.address) }
      : null,
    invoicing_period: period(invoice.invoicingPeriods[0]),
    payment_instructions: invoice.paymentInstructions.map((p) => ({
      means_code: text(p.meansCode),
      means_text: text(p.meansText),
      remittance_information: joined(p.remittanceInfo ?? []),
      credit_transfers: p.creditTransfers.map((c) => ({ account_id: text(c.accountId), account_name: text(c.accountName), service_provider_id: text(c.serviceProviderId) })),
      card: p.card ? { primary_account_number: text(p.card.primaryAccountNumber), holder_name: text(p.card.holderName) } : null,
      direct_debit: p.directDebit
        ? { mandate_id: text(p.directDebit.mandateId), creditor_id: text(p.directDebit.creditorId), debited_account_id: text(p.directDebit.debitedAccountId) }
        : null,
    })),
    allowances_charges: invoice.allowanceCharges
      .filter((a) => a.isCharge !== undefined)
      .map((a) => {
        const vat = vatOf(a.vatCategories);
        return {
          charge: a.isCharge === true,
          amount: decimal(a.amount),
          base_amount: decimal(a.baseAmount),
          percentage: decimal(a.percentage),
          vat_category: text(vat?.code),
          vat_rate: decimal(vat?.rate),
          reason: text(a.reason),
          reason_code: text(a.reasonCode),
        };
      }),
    vat_breakdown: allBreakdowns(invoice).map((b) => {
      const c = b.category && isVatScheme(b.category) ? b.category : undefined;
      return {
        taxable_amount: decimal(b.taxableAmount),
        tax_amount: decimal(b.taxAmount),
        category: text(c?.code),
        rate: decimal(c?.rate),
        exemption_reason: text(c?.exemptionReason),
        exemption_reason_code: text(c?.exemptionReasonCode),
      };
    }),
    supporting_documents: invoice.supportingDocuments.map((d) => ({
      id: text(d.id),
      description: text(d.description),
      uri: text(d.uri),
      attachment: d.attachment ? { mime_code: text(d.attachment.mimeCode), filename: text(d.attachment.filename) } : null,
    })),
  };
}
