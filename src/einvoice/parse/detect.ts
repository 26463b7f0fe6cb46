/** Syntax detection from the root element's local name and namespace URI. */
import type { DocumentType, XmlSyntax } from '../model/invoice';
import type { XmlElement } from '../xml/tree';
import { NS } from './namespaces';

export interface DetectedSyntax {
  syntax: XmlSyntax;
  /** For UBL the root decides; for CII the type code decides later, 'Invoice' here. */
  documentType: DocumentType;
}

/** Returns undefined when the root is not a supported invoice syntax. */
export function detectSyntax(root: Pick<XmlElement, 'local' | 'ns'>): DetectedSyntax | undefined {
  if (root.local === 'Invoice' && root.ns === NS.ublInvoice) return { syntax: 'UBL', documentType: 'Invoice' };
  if (root.local === 'CreditNote' && root.ns === NS.ublCreditNote) return { syntax: 'UBL', documentType: 'CreditNote' };
  if (root.local === 'CrossIndustryInvoice' && root.ns === NS.rsm) return { syntax: 'CII', documentType: 'Invoice' };
  return undefined;
}
