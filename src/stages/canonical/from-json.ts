import type { CanonicalInvoice, CanonicalLine, CanonicalParty } from './canonical-invoice';

/** A canonical JSON document that does not follow the schema; the message names the field. */
export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Json = Record<string, unknown>;

function text(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new CanonicalJsonError(`${field} must be a string`);
  return value;
}

/** Amounts travel as decimal strings; a JSON number would already have lost precision. */
function decimal(value: unknown, field: string): string | null {
  if (typeof value === 'number') throw new CanonicalJsonError(`${field} must be a decimal string, not a JSON number`);
  const raw = text(value, field);
  if (raw !== null && !DECIMAL.test(raw.trim())) throw new CanonicalJsonError(`${field} must be a decimal string`);
  return raw?.trim() ?? null;
}

function date(value: unknown, field: string): string | null {
  const raw = text(value, field);
  if (raw !== null && !DATE.test(raw)) throw new CanonicalJsonError(`${field} must be a date YYYY-MM-DD`);
  return raw;
}

function object(value: unknown, field: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new CanonicalJsonError(`${field} must be an object`);
  return value as Json;
}

function party(value: unknown, field: string): CanonicalParty {
  const p = object(value, field);
  const identifiers = p.identifiers ?? [];
  if (!Array.isArray(identifiers) || identifiers.some((i) => typeof i !== 'string')) {
    throw new CanonicalJsonError(`${field}.identifiers must be an array of strings`);
  }
  return { name: text(p.name, `${field}.name`), vat_id: text(p.vat_id, `${field}.vat_id`), identifiers: identifiers as string[], country: text(p.country, `${field}.country`) };
}

function line(value: unknown, index: number): CanonicalLine {
  const l = object(value, `lines[${index}]`);
  const f = (name: string) => `lines[${index}].${name}`;
  return {
    id: text(l.id, f('id')),
    name: text(l.name, f('name')),
    quantity: decimal(l.quantity, f('quantity')),
    unit: text(l.unit, f('unit')),
    net_amount: decimal(l.net_amount, f('net_amount')),
    vat_category: text(l.vat_category, f('vat_category')),
    vat_rate: decimal(l.vat_rate, f('vat_rate')),
  };
}

/** Reads a canonical JSON document; the number, issue date and currency are mandatory. */
export function canonicalFromJson(document: Buffer): CanonicalInvoice {
  let root: unknown;
  try {
    root = JSON.parse(document.toString('utf8'));
  } catch {
    throw new CanonicalJsonError('the document is not JSON');
  }
  const doc = object(root, 'document');
  const totals = object(doc.totals, 'totals');
  const lines = doc.lines ?? [];
  if (!Array.isArray(lines)) throw new CanonicalJsonError('lines must be an array');
  const documentType = doc.document_type ?? 'Invoice';
  if (documentType !== 'Invoice' && documentType !== 'CreditNote') throw new CanonicalJsonError('document_type must be Invoice or CreditNote');
  const invoice: CanonicalInvoice = {
    syntax: 'JSON',
    document_type: documentType,
    number: text(doc.number, 'number'),
    issue_date: date(doc.issue_date, 'issue_date'),
    due_date: date(doc.due_date, 'due_date'),
    type_code: text(doc.type_code, 'type_code'),
    currency: text(doc.currency, 'currency'),
    seller: party(doc.seller, 'seller'),
    buyer: party(doc.buyer, 'buyer'),
    totals: {
      line_net: decimal(totals.line_net, 'totals.line_net'),
      tax_exclusive: decimal(totals.tax_exclusive, 'totals.tax_exclusive'),
      tax: decimal(totals.tax, 'totals.tax'),
      tax_inclusive: decimal(totals.tax_inclusive, 'totals.tax_inclusive'),
      payable: decimal(totals.payable, 'totals.payable'),
    },
    lines: lines.map(line),
    partial: false,
  };
  for (const field of ['number', 'issue_date', 'currency'] as const) {
    if (invoice[field] === null) throw new CanonicalJsonError(`${field} is required`);
  }
  return invoice;
}
