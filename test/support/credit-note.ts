/** Turns a UBL Invoice element tree into the equivalent UBL CreditNote tree (test helper). */
import type { XmlElement } from '../../src/einvoice';

const INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';

const RENAMES: Record<string, string> = {
  InvoiceLine: 'CreditNoteLine',
  InvoicedQuantity: 'CreditedQuantity',
  InvoiceTypeCode: 'CreditNoteTypeCode',
};

/** Invoice type codes and their credit note counterparts (UNTDID 1001). */
const TYPE_CODES: Record<string, string> = { '380': '381', '389': '261', '384': '381', '326': '381' };

function rename(qname: string, local: string, to: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? to : qname.slice(0, colon + 1) + to;
}

export function invoiceToCreditNote(el: XmlElement, parent?: XmlElement): XmlElement {
  const isRoot = parent === undefined;
  const local = isRoot && el.local === 'Invoice' ? 'CreditNote' : (RENAMES[el.local] ?? el.local);
  const copy: XmlElement = {
    local,
    qname: rename(el.qname, el.local, local),
    ns: el.ns === INVOICE_NS ? CREDIT_NOTE_NS : el.ns,
    attrs: { ...el.attrs },
    children: [],
    text: el.local === 'InvoiceTypeCode' ? (TYPE_CODES[el.text.trim()] ?? el.text) : el.text,
    parent,
    line: el.line,
    column: el.column,
  };
  for (const k of el.children) copy.children.push(invoiceToCreditNote(k, copy));
  return copy;
}
