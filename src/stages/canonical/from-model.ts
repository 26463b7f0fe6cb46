import type { DecimalTerm, Invoice, Party } from '../../einvoice';
import { vatIdentifiers } from '../../einvoice';
import type { CanonicalInvoice, CanonicalParty } from './canonical-invoice';

const amount = (term: DecimalTerm | undefined): string | null => (term?.value ? term.value.toString() : (term?.text?.trim() || null));

function party(p: Party | undefined): CanonicalParty {
  return {
    name: p?.registrationName ?? p?.name ?? p?.tradingNames[0] ?? null,
    vat_id: vatIdentifiers(p)[0]?.companyId ?? null,
    identifiers: (p?.identifiers ?? []).map((id) => id.value),
    country: p?.address?.countryCode ?? null,
  };
}

/** Maps the engine's EN 16931 model onto the canonical invoice. */
export function canonicalFromModel(invoice: Invoice): CanonicalInvoice {
  const vatTotal = invoice.taxTotals.find((t) => !t.taxAmount?.currency || t.taxAmount.currency === invoice.currencyCode);
  return {
    syntax: invoice.syntax,
    document_type: invoice.documentType,
    number: invoice.id ?? null,
    issue_date: invoice.issueDate ?? null,
    due_date: invoice.dueDate ?? null,
    type_code: invoice.typeCode ?? null,
    currency: invoice.currencyCode ?? null,
    seller: party(invoice.seller),
    buyer: party(invoice.buyer),
    totals: {
      line_net: amount(invoice.totals?.lineNetTotal),
      tax_exclusive: amount(invoice.totals?.taxExclusive),
      tax: amount(vatTotal?.taxAmount),
      tax_inclusive: amount(invoice.totals?.taxInclusive),
      payable: amount(invoice.totals?.payable),
    },
    lines: invoice.lines.map((line) => ({
      id: line.id ?? null,
      name: line.item?.name ?? null,
      quantity: amount(line.quantity),
      unit: line.unitCode ?? null,
      net_amount: amount(line.netAmount),
      vat_category: line.vatCategories[0]?.code ?? null,
      vat_rate: amount(line.vatCategories[0]?.rate),
    })),
    partial: false,
  };
}
