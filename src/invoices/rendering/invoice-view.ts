/**
 * What a person reads of an invoice: the canonical invoice and its validation report arranged in
 * labelled sections, with the business terms (BT/BG) of EN 16931 named. The HTML and the PDF
 * renderings are both drawn from this one view, so they say the same.
 */
import type {
  CanonicalAddress,
  CanonicalAllowanceCharge,
  CanonicalIdentifier,
  CanonicalInvoice,
  CanonicalParty,
  CanonicalPaymentInstruction,
} from '../../domain/canonical-invoice';

/** A labelled value; empty values are left out of a view. */
export interface Field {
  label: string;
  value: string;
}

export interface PartyView {
  role: string;
  fields: Field[];
}

export interface Table {
  title: string;
  columns: string[];
  /** Right-aligned columns (amounts, quantities, rates). */
  numeric: boolean[];
  rows: string[][];
}

export interface FindingView {
  rule: string;
  severity: 'fatal' | 'warning';
  message: string;
  location: string;
  business_term: string;
}

export interface ReportView {
  verdict: string;
  fields: Field[];
  findings: FindingView[];
  concerns: string[];
}

export interface InvoiceView {
  title: string;
  /** Facts of the processing: status, decision, received, digest. */
  processing: Field[];
  header: Field[];
  parties: PartyView[];
  tables: Table[];
  totals: Field[];
  payment: Field[];
  notes: string[];
  /** null when the invoice has no validation report (not validated, or unreadable). */
  report: ReportView | null;
}

/** What the invoice API knows of an invoice besides its canonical data. */
export interface InvoiceFacts {
  id: string;
  status: string;
  received_at: string;
  sha256: string;
  content_type: string;
  decision: string | null;
  decision_reasons: string[];
  duplicate_of: string | null;
  failure_reason: string | null;
  invoice: unknown;
  validation: unknown;
}

const text = (value: string | null | undefined): string => (value ?? '').trim();

function fields(pairs: Array<[label: string, value: string | null | undefined]>): Field[] {
  return pairs.filter(([, value]) => text(value) !== '').map(([label, value]) => ({ label, value: text(value) }));
}

const identifier = (id: CanonicalIdentifier | null | undefined): string | null =>
  id ? (id.scheme ? `${id.id} (scheme ${id.scheme})` : id.id) : null;

function address(a: CanonicalAddress | null | undefined): string | null {
  if (!a) return null;
  const place = [a.post_code, a.city].map(text).filter(Boolean).join(' ');
  return [a.line1, a.line2, a.line3, place, a.subdivision, a.country].map(text).filter(Boolean).join(', ') || null;
}

function party(role: string, p: CanonicalParty | null | undefined): PartyView | null {
  if (!p) return null;
  const view = {
    role,
    fields: fields([
      ['Name', p.name],
      ['Trading name', p.trading_name],
      ['VAT identifier', p.vat_id],
      ['Tax registration', p.tax_registration],
      ['Legal registration', identifier(p.legal_registration)],
      ['Legal form', p.legal_form],
      ['Identifiers', p.identifiers.map(identifier).join('; ')],
      ['Electronic address', identifier(p.electronic_address)],
      ['Address', address(p.address)],
      ['Country', p.address ? null : p.country],
      ['Contact', [p.contact?.name, p.contact?.telephone, p.contact?.email].map(text).filter(Boolean).join(', ')],
    ]),
  };
  return view.fields.length > 0 ? view : null;
}

const vat = (category: string | null, rate: string | null): string => [text(category), rate ? `${rate} %` : ''].filter(Boolean).join(' ');

function payment(instructions: CanonicalPaymentInstruction[] | undefined, invoice: CanonicalInvoice): Field[] {
  const out = fields([
    ['Payment terms (BT-20)', invoice.payment_terms],
    ['Due date (BT-9)', invoice.due_date],
  ]);
  for (const p of instructions ?? []) {
    out.push(
      ...fields([
        ['Payment means (BT-81)', [p.means_code, p.means_text].map(text).filter(Boolean).join(' ')],
        ['Remittance information (BT-83)', p.remittance_information],
        ...p.credit_transfers.map((t): [string, string] => [
          'Credit transfer account (BT-84)',
          [t.account_id, t.account_name, t.service_provider_id].map(text).filter(Boolean).join(', '),
        ]),
        ['Card (BT-87)', p.card ? [p.card.primary_account_number, p.card.holder_name].map(text).filter(Boolean).join(', ') : null],
        ['Direct debit mandate (BT-89)', p.direct_debit?.mandate_id],
        ['Creditor identifier (BT-90)', p.direct_debit?.creditor_id],
        ['Debited account (BT-91)', p.direct_debit?.debited_account_id],
      ]),
    );
  }
  return out;
}

function allowanceRows(items: CanonicalAllowanceCharge[]): string[][] {
  return items.map((a) => [a.charge ? 'Charge' : 'Allowance', [a.reason, a.reason_code].map(text).filter(Boolean).join(' / '), text(a.base_amount), a.percentage ? `${a.percentage} %` : '', vat(a.vat_category, a.vat_rate), text(a.amount)]);
}

/** The business term a finding is about: the one the report names, else the first the rule's text names. */
export function businessTerm(finding: { business_term?: unknown; message: string }): string {
  if (typeof finding.business_term === 'string') return finding.business_term;
  return /\b(B[TG]-\d+)\b/.exec(finding.message)?.[1] ?? '';
}

function findings(list: unknown, severity: 'fatal' | 'warning'): FindingView[] {
  if (!Array.isArray(list)) return [];
  return list.map((f: { rule?: unknown; message?: unknown; location?: unknown; business_term?: unknown; severity?: unknown }) => {
    const message = typeof f.message === 'string' ? f.message : '';
    return {
      rule: typeof f.rule === 'string' ? f.rule : '',
      severity: f.severity === 'warning' || f.severity === 'fatal' ? f.severity : severity,
      message,
      location: typeof f.location === 'string' ? f.location : '',
      business_term: businessTerm({ business_term: f.business_term, message }),
    };
  });
}

export function reportView(validation: unknown): ReportView | null {
  if (typeof validation !== 'object' || validation === null) return null;
  const v = validation as Record<string, unknown>;
  const errors = findings(v.errors, 'fatal');
  const warnings = findings(v.warnings, 'warning');
  const ruleSet = [v.rule_set, v.rule_set_version].filter((x) => typeof x === 'string' && x !== '').join(' ');
  return {
    verdict: v.valid === true ? 'valid' : v.degraded === true ? 'not valid (degraded: the report cannot be trusted as a verdict)' : 'not valid',
    fields: fields([
      ['Rule set', ruleSet],
      ['Syntax binding', typeof v.syntax_binding === 'string' ? v.syntax_binding : null],
      ['Errors', String(errors.length)],
      ['Warnings', String(warnings.length)],
    ]),
    findings: [...errors, ...warnings],
    concerns: Array.isArray(v.concerns) ? v.concerns.filter((c): c is string => typeof c === 'string') : [],
  };
}

/** The view of an invoice as the API knows it; `invoice` may be null (not parsed yet, or unreadable). */
export function invoiceView(facts: InvoiceFacts): InvoiceView {
  const inv = (facts.invoice ?? null) as CanonicalInvoice | null;
  const processing = fields([
    ['Invoice id', facts.id],
    ['Status', facts.status],
    ['Decision', facts.decision],
    ['Decision reasons', facts.decision_reasons.join('; ')],
    ['Duplicate of', facts.duplicate_of],
    ['Failure', facts.failure_reason],
    ['Received', facts.received_at],
    ['Media type', facts.content_type],
    ['SHA-256', facts.sha256],
  ]);
  const report = reportView(facts.validation);
  if (!inv) {
    return { title: `Invoice ${facts.id}`, processing, header: [], parties: [], tables: [], totals: [], payment: [], notes: [], report };
  }
  const currency = text(inv.currency);
  const kind = inv.document_type === 'CreditNote' ? 'Credit note' : 'Invoice';
  const header = fields([
    [`${kind} number (BT-1)`, inv.number],
    ['Issue date (BT-2)', inv.issue_date],
    ['Type code (BT-3)', inv.type_code],
    ['Currency (BT-5)', inv.currency],
    ['VAT accounting currency (BT-6)', inv.tax_currency],
    ['Tax point date (BT-7)', inv.tax_point_date],
    ['Buyer reference (BT-10)', inv.buyer_reference],
    ['Project reference (BT-11)', inv.project_reference],
    ['Contract reference (BT-12)', inv.contract_reference],
    ['Purchase order (BT-13)', inv.purchase_order_reference],
    ['Sales order (BT-14)', inv.sales_order_reference],
    ['Invoicing period (BG-14)', inv.invoicing_period ? [inv.invoicing_period.start_date, inv.invoicing_period.end_date].map(text).filter(Boolean).join(' – ') : null],
    ['Preceding invoices (BG-3)', (inv.preceding_invoices ?? []).map((p) => [p.number, p.issue_date].map(text).filter(Boolean).join(' of ')).join('; ')],
    ['Specification (BT-24)', inv.specification_id],
    ['Business process (BT-23)', inv.process_id],
    ['Source syntax', inv.syntax],
  ]);
  const parties = [
    party('Seller (BG-4)', inv.seller),
    party('Buyer (BG-7)', inv.buyer),
    party('Payee (BG-10)', inv.payee),
    party('Seller tax representative (BG-11)', inv.tax_representative),
  ].filter((p): p is PartyView => p !== null);
  if (inv.delivery) {
    const delivery = fields([
      ['Deliver to', inv.delivery.party_name],
      ['Location', identifier(inv.delivery.location_id)],
      ['Actual delivery date (BT-72)', inv.delivery.actual_delivery_date],
      ['Address', address(inv.delivery.address)],
    ]);
    if (delivery.length > 0) parties.push({ role: 'Delivery (BG-13)', fields: delivery });
  }
  const tables: Table[] = [
    {
      title: 'Lines (BG-25)',
      columns: ['#', 'Item', 'Quantity', 'Unit', 'Net price', 'VAT', `Net amount ${currency}`.trim()],
      numeric: [false, false, true, false, true, false, true],
      rows: inv.lines.map((l) => [
        text(l.id),
        [l.name, l.description, l.note].map(text).filter(Boolean).join(' — '),
        text(l.quantity),
        text(l.unit),
        text(l.price?.net),
        vat(l.vat_category, l.vat_rate),
        text(l.net_amount),
      ]),
    },
  ];
  if ((inv.allowances_charges ?? []).length > 0) {
    tables.push({
      title: 'Document allowances and charges (BG-20, BG-21)',
      columns: ['Kind', 'Reason', 'Base', 'Percentage', 'VAT', 'Amount'],
      numeric: [false, false, true, true, false, true],
      rows: allowanceRows(inv.allowances_charges ?? []),
    });
  }
  if ((inv.vat_breakdown ?? []).length > 0) {
    tables.push({
      title: 'VAT breakdown (BG-23)',
      columns: ['Category', 'Rate', 'Taxable amount', 'VAT amount', 'Exemption'],
      numeric: [false, true, true, true, false],
      rows: (inv.vat_breakdown ?? []).map((b) => [text(b.category), b.rate ? `${b.rate} %` : '', text(b.taxable_amount), text(b.tax_amount), [b.exemption_reason_code, b.exemption_reason].map(text).filter(Boolean).join(' ')]),
    });
  }
  if ((inv.supporting_documents ?? []).length > 0) {
    tables.push({
      title: 'Attachments and supporting documents (BG-24)',
      columns: ['Reference', 'Description', 'Attachment', 'Location'],
      numeric: [false, false, false, false],
      rows: (inv.supporting_documents ?? []).map((d) => [
        text(d.id),
        text(d.description),
        d.attachment ? [d.attachment.filename, d.attachment.mime_code].map(text).filter(Boolean).join(', ') : '',
        text(d.uri),
      ]),
    });
  }
  const money = (v: string | null | undefined) => (text(v) ? `${text(v)} ${currency}`.trim() : null);
  const totals = fields([
    ['Sum of line net amounts (BT-106)', money(inv.totals.line_net)],
    ['Allowances (BT-107)', money(inv.totals.allowances)],
    ['Charges (BT-108)', money(inv.totals.charges)],
    ['Total without VAT (BT-109)', money(inv.totals.tax_exclusive)],
    ['VAT total (BT-110)', money(inv.totals.tax)],
    ['VAT total in accounting currency (BT-111)', inv.totals.tax_in_tax_currency ? `${inv.totals.tax_in_tax_currency} ${text(inv.tax_currency)}`.trim() : null],
    ['Total with VAT (BT-112)', money(inv.totals.tax_inclusive)],
    ['Paid amount (BT-113)', money(inv.totals.prepaid)],
    ['Rounding amount (BT-114)', money(inv.totals.rounding)],
    ['Amount due for payment (BT-115)', money(inv.totals.payable)],
  ]);
  const notes = (inv.notes ?? []).map((n) => [n.subject_code ? `[${n.subject_code}]` : '', text(n.text)].filter(Boolean).join(' ')).filter(Boolean);
  return {
    title: `${kind} ${text(inv.number) || facts.id}`,
    processing,
    header,
    parties,
    tables,
    totals,
    payment: payment(inv.payment_instructions, inv),
    notes,
    report,
  };
}
