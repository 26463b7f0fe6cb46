import { isDecimalText, isIsoDate } from '../../einvoice';
import { InputFault, type InputFaultFinding } from '../../pipeline/catalogue/stage-fault';
import type {
  CanonicalAddress,
  CanonicalAllowanceCharge,
  CanonicalIdentifier,
  CanonicalInvoice,
  CanonicalLine,
  CanonicalParty,
  CanonicalPeriod,
  CanonicalPrice,
} from '../../domain/canonical-invoice';

/**
 * Reads a canonical JSON document (src/stages/canonical/canonical-invoice.ts). The reader is
 * strict about shape, dates and decimals, so the model never holds an invalid date or number: every
 * problem is collected as a finding with its field path and the document is refused at once with
 * InputFault('malformed'). Whether the invoice is complete (BT-1, BT-2 ...) is the validate
 * stage's verdict, not the reader's. Unknown fields are refused, so a misspelt one is not lost.
 */

/** Shape: a field has the wrong JSON type, is unknown, or an enumeration value is not allowed. */
export const SCHEMA_RULE = 'CANONICAL-SCHEMA';
/** Datatype: a date or decimal string outside its lexical space. */
export const DATATYPE_RULE = 'CANONICAL-DATATYPE';

type Json = Record<string, unknown>;

class Reader {
  readonly findings: InputFaultFinding[] = [];

  fail(rule: string, location: string, message: string): null {
    // Bounded: a hostile document cannot make the report itself large.
    if (this.findings.length < 100) this.findings.push({ rule, message: `${location}: ${message}`, location });
    return null;
  }

  /** An object with only the given keys; null when absent (or null) or wrong. */
  object(value: unknown, path: string, keys: readonly string[]): Json | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) return this.fail(SCHEMA_RULE, path, 'must be an object');
    const known = new Set(keys);
    for (const key of Object.keys(value)) if (!known.has(key)) this.fail(SCHEMA_RULE, path ? `${path}.${key}` : key, 'is not a field of the canonical invoice');
    return value as Json;
  }

  array<T>(value: unknown, path: string, item: (v: unknown, p: string) => T | null): T[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(SCHEMA_RULE, path, 'must be an array');
      return [];
    }
    const out: T[] = [];
    value.forEach((v, i) => {
      const read = item(v, `${path}[${i}]`);
      if (read !== null) out.push(read);
    });
    return out;
  }

  text(value: unknown, path: string): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') return this.fail(SCHEMA_RULE, path, 'must be a string');
    return value;
  }

  /** Amounts travel as decimal strings; a JSON number would already have lost precision. */
  decimal(value: unknown, path: string): string | null {
    if (typeof value === 'number') return this.fail(SCHEMA_RULE, path, 'must be a decimal string, not a JSON number');
    const raw = this.text(value, path);
    if (raw === null) return null;
    if (!isDecimalText(raw)) return this.fail(DATATYPE_RULE, path, 'must be a decimal string without exponent or comma, at most 40 digits');
    return raw.trim();
  }

  date(value: unknown, path: string): string | null {
    const raw = this.text(value, path);
    if (raw !== null && !isIsoDate(raw)) return this.fail(DATATYPE_RULE, path, 'must be a calendar date YYYY-MM-DD');
    return raw;
  }

  /**
   * Codes are strings; whether they belong to their code list (which implies their token shape)
   * is the verdict of the BR-CL-* rules, as for XML. So whatever the parse stage stored from an
   * XML invoice can always be read back.
   */
  code(value: unknown, path: string): string | null {
    return this.text(value, path);
  }

  boolean(value: unknown, path: string): boolean | null {
    if (typeof value === 'boolean') return value;
    return this.fail(SCHEMA_RULE, path, 'must be true or false');
  }

  identifier(value: unknown, path: string): CanonicalIdentifier | null {
    // A bare string is an identifier without scheme (the form older canonical documents used).
    if (typeof value === 'string') return { id: value, scheme: null };
    const o = this.object(value, path, ['id', 'scheme']);
    if (o === null) return null;
    const id = this.text(o.id, `${path}.id`);
    if (id === null) return this.fail(SCHEMA_RULE, `${path}.id`, 'is required');
    return { id, scheme: this.text(o.scheme, `${path}.scheme`) };
  }

  address(value: unknown, path: string): CanonicalAddress | null {
    const a = this.object(value, path, ['line1', 'line2', 'line3', 'city', 'post_code', 'subdivision', 'country']);
    if (a === null) return null;
    const t = (k: string) => this.text(a[k], `${path}.${k}`);
    return { line1: t('line1'), line2: t('line2'), line3: t('line3'), city: t('city'), post_code: t('post_code'), subdivision: t('subdivision'), country: this.code(a.country, `${path}.country`) };
  }

  period(value: unknown, path: string): CanonicalPeriod | null {
    const p = this.object(value, path, ['start_date', 'end_date']);
    return p === null ? null : { start_date: this.date(p.start_date, `${path}.start_date`), end_date: this.date(p.end_date, `${path}.end_date`) };
  }

  party(value: unknown, path: string): CanonicalParty | null {
    const keys = ['name', 'vat_id', 'identifiers', 'country', 'trading_name', 'legal_registration', 'legal_form', 'tax_registration', 'electronic_address', 'address', 'contact'];
    const p = this.object(value, path, keys);
    if (p === null) return null;
    const t = (k: string) => this.text(p[k], `${path}.${k}`);
    const contact = this.object(p.contact, `${path}.contact`, ['name', 'telephone', 'email']);
    return {
      name: t('name'),
      vat_id: t('vat_id'),
      identifiers: this.array(p.identifiers, `${path}.identifiers`, (v, at) => this.identifier(v, at)),
      country: this.code(p.country, `${path}.country`),
      trading_name: t('trading_name'),
      legal_registration: this.identifier(p.legal_registration ?? null, `${path}.legal_registration`),
      legal_form: t('legal_form'),
      tax_registration: t('tax_registration'),
      electronic_address: this.identifier(p.electronic_address ?? null, `${path}.electronic_address`),
      address: this.address(p.address, `${path}.address`),
      contact: contact && { name: this.text(contact.name, `${path}.contact.name`), telephone: this.text(contact.telephone, `${path}.contact.telephone`), email: this.text(contact.email, `${path}.contact.email`) },
    };
  }

  allowanceCharge(value: unknown, path: string, withVat: boolean): CanonicalAllowanceCharge | null {
    const keys = ['charge', 'amount', 'base_amount', 'percentage', 'reason', 'reason_code', ...(withVat ? ['vat_category', 'vat_rate'] : [])];
    const a = this.object(value, path, keys);
    if (a === null) return null;
    const charge = this.boolean(a.charge, `${path}.charge`);
    const read: CanonicalAllowanceCharge = {
      charge: charge === true,
      amount: this.decimal(a.amount, `${path}.amount`),
      base_amount: this.decimal(a.base_amount, `${path}.base_amount`),
      percentage: this.decimal(a.percentage, `${path}.percentage`),
      vat_category: withVat ? this.code(a.vat_category, `${path}.vat_category`) : null,
      vat_rate: withVat ? this.decimal(a.vat_rate, `${path}.vat_rate`) : null,
      reason: this.text(a.reason, `${path}.reason`),
      reason_code: this.text(a.reason_code, `${path}.reason_code`),
    };
    return charge === null ? null : read;
  }

  price(value: unknown, path: string): CanonicalPrice | null {
    const p = this.object(value, path, ['net', 'gross', 'discount', 'base_quantity', 'base_quantity_unit']);
    if (p === null) return null;
    const d = (k: string) => this.decimal(p[k], `${path}.${k}`);
    return { net: d('net'), gross: d('gross'), discount: d('discount'), base_quantity: d('base_quantity'), base_quantity_unit: this.code(p.base_quantity_unit, `${path}.base_quantity_unit`) };
  }

  line(value: unknown, path: string): CanonicalLine | null {
    const keys = [
      'id', 'name', 'quantity', 'unit', 'net_amount', 'vat_category', 'vat_rate', 'note', 'object_id', 'order_line_reference', 'accounting_reference', 'period',
      'allowances_charges', 'price', 'description', 'seller_item_id', 'buyer_item_id', 'standard_ids', 'classifications', 'origin_country', 'attributes',
    ];
    const l = this.object(value, path, keys);
    if (l === null) return value === null ? this.fail(SCHEMA_RULE, path, 'must be an object') : null;
    const t = (k: string) => this.text(l[k], `${path}.${k}`);
    const ids = (k: string) => this.array(l[k], `${path}.${k}`, (v, at) => this.identifier(v, at));
    return {
      id: t('id'),
      name: t('name'),
      quantity: this.decimal(l.quantity, `${path}.quantity`),
      unit: this.code(l.unit, `${path}.unit`),
      net_amount: this.decimal(l.net_amount, `${path}.net_amount`),
      vat_category: this.code(l.vat_category, `${path}.vat_category`),
      vat_rate: this.decimal(l.vat_rate, `${path}.vat_rate`),
      note: t('note'),
      object_id: this.identifier(l.object_id ?? null, `${path}.object_id`),
      order_line_reference: t('order_line_reference'),
      accounting_reference: t('accounting_reference'),
      period: this.period(l.period, `${path}.period`),
      allowances_charges: this.array(l.allowances_charges, `${path}.allowances_charges`, (v, at) => {
        const a = this.allowanceCharge(v, at, false);
        return a && { charge: a.charge, amount: a.amount, base_amount: a.base_amount, percentage: a.percentage, reason: a.reason, reason_code: a.reason_code };
      }),
      price: this.price(l.price, `${path}.price`),
      description: t('description'),
      seller_item_id: t('seller_item_id'),
      buyer_item_id: t('buyer_item_id'),
      standard_ids: ids('standard_ids'),
      classifications: ids('classifications'),
      origin_country: this.code(l.origin_country, `${path}.origin_country`),
      attributes: this.array(l.attributes, `${path}.attributes`, (v, at) => {
        const a = this.object(v, at, ['name', 'value']);
        return a && { name: this.text(a.name, `${at}.name`), value: this.text(a.value, `${at}.value`) };
      }),
    };
  }
}

const EMPTY_PARTY: CanonicalParty = { name: null, vat_id: null, identifiers: [], country: null };

const ROOT_KEYS = [
  'syntax', 'document_type', 'number', 'issue_date', 'due_date', 'type_code', 'currency', 'seller', 'buyer', 'totals', 'lines', 'partial',
  'specification_id', 'process_id', 'tax_currency', 'tax_point_date', 'tax_point_date_code', 'buyer_reference', 'project_reference', 'contract_reference',
  'purchase_order_reference', 'sales_order_reference', 'receiving_advice_reference', 'despatch_advice_reference', 'tender_reference', 'invoiced_object_id',
  'buyer_accounting_reference', 'payment_terms', 'notes', 'preceding_invoices', 'payee', 'tax_representative', 'delivery', 'invoicing_period',
  'payment_instructions', 'allowances_charges', 'vat_breakdown', 'supporting_documents',
] as const;

const TOTAL_KEYS = ['line_net', 'tax_exclusive', 'tax', 'tax_inclusive', 'payable', 'allowances', 'charges', 'tax_in_tax_currency', 'prepaid', 'rounding'] as const;

/**
 * Reads a canonical JSON document.
 * @throws InputFault('malformed') with one finding per broken field (location = field path).
 */
export function canonicalFromJson(document: Buffer): CanonicalInvoice {
  let root: unknown;
  try {
    root = JSON.parse(document.toString('utf8'));
  } catch {
    throw new InputFault('malformed', 'the document is not JSON', [{ rule: SCHEMA_RULE, message: 'the document is not JSON', location: '$' }]);
  }
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new InputFault('malformed', 'a canonical invoice is a JSON object', [{ rule: SCHEMA_RULE, message: 'a canonical invoice is a JSON object', location: '$' }]);
  }
  const r = new Reader();
  const doc = r.object(root, '', ROOT_KEYS) as Json;
  const t = (k: string) => r.text(doc[k], k);
  const totals = r.object(doc.totals, 'totals', TOTAL_KEYS) ?? {};
  const total = (k: (typeof TOTAL_KEYS)[number]) => r.decimal(totals[k], `totals.${k}`);
  const documentType = doc.document_type ?? 'Invoice';
  if (documentType !== 'Invoice' && documentType !== 'CreditNote') r.fail(SCHEMA_RULE, 'document_type', 'must be Invoice or CreditNote');
  if (doc.partial !== undefined && typeof doc.partial !== 'boolean') r.fail(SCHEMA_RULE, 'partial', 'must be true or false');
  // The source syntax of a read-back invoice is informative only: a JSON submission is JSON.
  if (doc.syntax !== undefined && doc.syntax !== 'UBL' && doc.syntax !== 'CII' && doc.syntax !== 'JSON') r.fail(SCHEMA_RULE, 'syntax', 'must be UBL, CII or JSON');
  const delivery = r.object(doc.delivery, 'delivery', ['party_name', 'location_id', 'actual_delivery_date', 'address']);
  const invoice: CanonicalInvoice = {
    syntax: 'JSON',
    document_type: documentType === 'CreditNote' ? 'CreditNote' : 'Invoice',
    number: t('number'),
    issue_date: r.date(doc.issue_date, 'issue_date'),
    due_date: r.date(doc.due_date, 'due_date'),
    type_code: r.code(doc.type_code, 'type_code'),
    currency: r.code(doc.currency, 'currency'),
    seller: r.party(doc.seller, 'seller') ?? EMPTY_PARTY,
    buyer: r.party(doc.buyer, 'buyer') ?? EMPTY_PARTY,
    totals: {
      line_net: total('line_net'),
      tax_exclusive: total('tax_exclusive'),
      tax: total('tax'),
      tax_inclusive: total('tax_inclusive'),
      payable: total('payable'),
      allowances: total('allowances'),
      charges: total('charges'),
      tax_in_tax_currency: total('tax_in_tax_currency'),
      prepaid: total('prepaid'),
      rounding: total('rounding'),
    },
    lines: r.array(doc.lines, 'lines', (v, at) => r.line(v, at)),
    partial: false,
    specification_id: t('specification_id'),
    process_id: t('process_id'),
    tax_currency: r.code(doc.tax_currency, 'tax_currency'),
    tax_point_date: r.date(doc.tax_point_date, 'tax_point_date'),
    tax_point_date_code: r.code(doc.tax_point_date_code, 'tax_point_date_code'),
    buyer_reference: t('buyer_reference'),
    project_reference: t('project_reference'),
    contract_reference: t('contract_reference'),
    purchase_order_reference: t('purchase_order_reference'),
    sales_order_reference: t('sales_order_reference'),
    receiving_advice_reference: t('receiving_advice_reference'),
    despatch_advice_reference: t('despatch_advice_reference'),
    tender_reference: t('tender_reference'),
    invoiced_object_id: r.identifier(doc.invoiced_object_id ?? null, 'invoiced_object_id'),
    buyer_accounting_reference: t('buyer_accounting_reference'),
    payment_terms: t('payment_terms'),
    notes: r.array(doc.notes, 'notes', (v, at) => {
      const n = r.object(v, at, ['subject_code', 'text']);
      return n && { subject_code: r.text(n.subject_code, `${at}.subject_code`), text: r.text(n.text, `${at}.text`) };
    }),
    preceding_invoices: r.array(doc.preceding_invoices, 'preceding_invoices', (v, at) => {
      const p = r.object(v, at, ['number', 'issue_date']);
      return p && { number: r.text(p.number, `${at}.number`), issue_date: r.date(p.issue_date, `${at}.issue_date`) };
    }),
    payee: r.party(doc.payee, 'payee'),
    tax_representative: r.party(doc.tax_representative, 'tax_representative'),
    delivery: delivery && {
      party_name: r.text(delivery.party_name, 'delivery.party_name'),
      location_id: r.identifier(delivery.location_id ?? null, 'delivery.location_id'),
      actual_delivery_date: r.date(delivery.actual_delivery_date, 'delivery.actual_delivery_date'),
      address: r.address(delivery.address, 'delivery.address'),
    },
    invoicing_period: r.period(doc.invoicing_period, 'invoicing_period'),
    payment_instructions: r.array(doc.payment_instructions, 'payment_instructions', (v, at) => {
      const p = r.object(v, at, ['means_code', 'means_text', 'remittance_information', 'credit_transfers', 'card', 'direct_debit']);
      if (p === null) return null;
      const card = r.object(p.card, `${at}.card`, ['primary_account_number', 'holder_name']);
      const debit = r.object(p.direct_debit, `${at}.direct_debit`, ['mandate_id', 'creditor_id', 'debited_account_id']);
      return {
        means_code: r.code(p.means_code, `${at}.means_code`),
        means_text: r.text(p.means_text, `${at}.means_text`),
        remittance_information: r.text(p.remittance_information, `${at}.remittance_information`),
        credit_transfers: r.array(p.credit_transfers, `${at}.credit_transfers`, (cv, cat) => {
          const c = r.object(cv, cat, ['account_id', 'account_name', 'service_provider_id']);
          return c && { account_id: r.text(c.account_id, `${cat}.account_id`), account_name: r.text(c.account_name, `${cat}.account_name`), service_provider_id: r.text(c.service_provider_id, `${cat}.service_provider_id`) };
        }),
        card: card && { primary_account_number: r.text(card.primary_account_number, `${at}.card.primary_account_number`), holder_name: r.text(card.holder_name, `${at}.card.holder_name`) },
        direct_debit: debit && {
          mandate_id: r.text(debit.mandate_id, `${at}.direct_debit.mandate_id`),
          creditor_id: r.text(debit.creditor_id, `${at}.direct_debit.creditor_id`),
          debited_account_id: r.text(debit.debited_account_id, `${at}.direct_debit.debited_account_id`),
        },
      };
    }),
    allowances_charges: r.array(doc.allowances_charges, 'allowances_charges', (v, at) => r.allowanceCharge(v, at, true)),
    vat_breakdown: r.array(doc.vat_breakdown, 'vat_breakdown', (v, at) => {
      const b = r.object(v, at, ['taxable_amount', 'tax_amount', 'category', 'rate', 'exemption_reason', 'exemption_reason_code']);
      return (
        b && {
          taxable_amount: r.decimal(b.taxable_amount, `${at}.taxable_amount`),
          tax_amount: r.decimal(b.tax_amount, `${at}.tax_amount`),
          category: r.code(b.category, `${at}.category`),
          rate: r.decimal(b.rate, `${at}.rate`),
          exemption_reason: r.text(b.exemption_reason, `${at}.exemption_reason`),
          exemption_reason_code: r.text(b.exemption_reason_code, `${at}.exemption_reason_code`),
        }
      );
    }),
    supporting_documents: r.array(doc.supporting_documents, 'supporting_documents', (v, at) => {
      const d = r.object(v, at, ['id', 'description', 'uri', 'attachment']);
      if (d === null) return null;
      const att = r.object(d.attachment, `${at}.attachment`, ['mime_code', 'filename']);
      return {
        id: r.text(d.id, `${at}.id`),
        description: r.text(d.description, `${at}.description`),
        uri: r.text(d.uri, `${at}.uri`),
        attachment: att && { mime_code: r.text(att.mime_code, `${at}.attachment.mime_code`), filename: r.text(att.filename, `${at}.attachment.filename`) },
      };
    }),
  };
  if (r.findings.length > 0) {
    const first = r.findings[0].message;
    const more = r.findings.length > 1 ? ` (and ${r.findings.length - 1} more)` : '';
    throw new InputFault('malformed', `the canonical JSON invoice is not valid: ${first}${more}`, r.findings);
  }
  return invoice;
}
